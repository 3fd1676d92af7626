// UTF-8 text checks. Everything intentd stores or writes as JSON must be valid UTF-8 (a JSON
// reader rejects anything else), and bytes from headers and page forms arrive unchecked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace intentd {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s);

// `s` with every byte that is not part of a well-formed sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view s);

// Text from a header or a form that is shown back or stored as is (a User-Agent): valid
// UTF-8, control characters dropped, at most `max_bytes` long (cut on a character boundary).
std::string printable_text(std::string_view s, std::size_t max_bytes);

// True when `s` is valid UTF-8 without control characters (C0, DEL): what a header value that
// is stored or echoed (an Idempotency-Key) must be.
bool printable_utf8(std::string_view s);

}  // namespace intentd
