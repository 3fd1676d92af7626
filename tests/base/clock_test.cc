#include "base/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace intentd {
namespace {

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(ManualClock, StartsWhereItIsTold) {
  ManualClock c(1'700'000'000);
  EXPECT_EQ(c.now_ms(), 1'700'000'000'000);
  EXPECT_EQ(c.now(), 1'700'000'000);
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock c(100);
  c.advance(5);
  EXPECT_EQ(c.now_ms(), 105'000);
  c.advance_ms(1'250);
  EXPECT_EQ(c.now_ms(), 106'250);
  EXPECT_EQ(c.now(), 106);  // seconds round down
  c.advance_ms(749);
  EXPECT_EQ(c.now(), 106);
  c.advance_ms(1);
  EXPECT_EQ(c.now(), 107);
  c.set(50);  // and may go back, for tests that need it
  EXPECT_EQ(c.now_ms(), 50'000);
}

TEST(ManualClock, IsSafeToMoveFromManyThreads) {
  ManualClock c(0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&c] {
      for (int i = 0; i < 1000; ++i) c.advance_ms(1);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.now_ms(), 4000);
}

TEST(SystemClock, IsUnixTimeInMilliseconds) {
  SystemClock c;
  const int64_t before = system_now_ms();
  const int64_t now = c.now_ms();
  const int64_t after = system_now_ms();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
  EXPECT_GT(now, 1'600'000'000'000);  // milliseconds, not seconds
  const int64_t s = c.now();
  EXPECT_LE(s, c.now_ms() / 1000);
  EXPECT_GE(s, now / 1000);
}

TEST(Clock, ThroughTheInterface) {
  ManualClock manual(42);
  const Clock& c = manual;
  EXPECT_EQ(c.now_ms(), 42'000);
  EXPECT_EQ(c.now(), 42);
}

TEST(Rfc3339, UtcWithMilliseconds) {
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rfc3339(1'700'000'000'007), "2023-11-14T22:13:20.007Z");
}

TEST(Rfc3339, ParsesWhatItWrites) {
  EXPECT_EQ(parse_rfc3339("2023-11-14T22:13:20.123Z"), 1'700'000'000'123);
  EXPECT_EQ(parse_rfc3339("2023-11-14T22:13:20Z"), 1'700'000'000'000);
  EXPECT_EQ(parse_rfc3339("2023-11-14T22:13:20+00:00"), 1'700'000'000'000);
  EXPECT_FALSE(parse_rfc3339("2023-11-14T22:13:20+02:00").has_value());
  EXPECT_FALSE(parse_rfc3339("yesterday").has_value());
}

}  // namespace
}  // namespace intentd
