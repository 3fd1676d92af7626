#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace intentd {
namespace {

TEST(ValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ascii"));
  EXPECT_TRUE(valid_utf8("\xC2\x80"));          // U+0080, the smallest two-byte form
  EXPECT_TRUE(valid_utf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(valid_utf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_TRUE(valid_utf8("M\xC3\xBCnchen \xF0\x9F\x92\xB3"));
}

TEST(ValidUtf8, RejectsOverlongForms) {
  EXPECT_FALSE(valid_utf8("\xC0\x80"));
  EXPECT_FALSE(valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(valid_utf8("\xE0\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xE0\x9F\xBF"));
  EXPECT_FALSE(valid_utf8("\xF0\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xF0\x8F\xBF\xBF"));
}

TEST(ValidUtf8, RejectsSurrogates) {
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(valid_utf8("\xED\xBF\xBF"));  // U+DFFF
}

TEST(ValidUtf8, RejectsCodePointsPastU10FFFF) {
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(ValidUtf8, RejectsTruncatedAndStraySequences) {
  EXPECT_FALSE(valid_utf8("\xC3"));
  EXPECT_FALSE(valid_utf8("ab\xE2\x82"));
  EXPECT_FALSE(valid_utf8("\xF0\x9F\x92"));
  EXPECT_FALSE(valid_utf8("\x80"));
  EXPECT_FALSE(valid_utf8("\xC3\x28"));  // a lead byte followed by ASCII
}

TEST(ToValidUtf8, ReplacesEachStrayByteAndKeepsTheRest) {
  EXPECT_EQ(to_valid_utf8("plain"), "plain");
  EXPECT_EQ(to_valid_utf8("M\xC3\xBCnchen"), "M\xC3\xBCnchen");
  EXPECT_EQ(to_valid_utf8("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  // A lead byte cut short by a quote: the quote survives, so JSON structure does too.
  EXPECT_EQ(to_valid_utf8("a\xC3\"b"), "a\xEF\xBF\xBD\"b");
  EXPECT_TRUE(valid_utf8(to_valid_utf8("ev\xFFil\xED\xA0\x80\xF0\x9F")));
}

TEST(PrintableText, DropsControlsReplacesInvalidAndCutsOnCharacters) {
  EXPECT_EQ(printable_text("Mozilla/5.0", 100), "Mozilla/5.0");
  EXPECT_EQ(printable_text("Mozilla\xFF", 100), "Mozilla\xEF\xBF\xBD");
  EXPECT_EQ(printable_text(std::string("a\0b\r\nc\x7F", 8), 100), "abc");
  // "é" is two bytes: a limit of 2 keeps "a" only rather than half of "é".
  EXPECT_EQ(printable_text("a\xC3\xA9", 2), "a");
  EXPECT_EQ(printable_text("a\xC3\xA9", 3), "a\xC3\xA9");
}

TEST(PrintableUtf8, RefusesControlsAndInvalidBytes) {
  EXPECT_TRUE(printable_utf8("key-123 \xC3\xA9"));
  EXPECT_FALSE(printable_utf8("\xFF\xFE"));
  EXPECT_FALSE(printable_utf8("a\tb"));
  EXPECT_FALSE(printable_utf8(std::string("a\0b", 3)));
}

TEST(ValidUtf8, LongAsciiRunsAroundOneBadByte) {
  std::string s(100, 'x');
  EXPECT_TRUE(valid_utf8(s));
  s[77] = '\xFF';
  EXPECT_FALSE(valid_utf8(s));
}

}  // namespace
}  // namespace intentd
