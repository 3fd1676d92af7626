#include "base/clock.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace intentd {

int64_t SystemClock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const Clock& system_clock() {
  static const SystemClock kSystem;
  return kSystem;
}

std::string rfc3339(int64_t unix_ms) {
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(unix_ms % 1000));
  return buf;
}

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  std::string_view rest(end);
  int64_t ms = 0;
  if (!rest.empty() && rest.front() == '.') {
    // Milliseconds from the first three digits; finer digits are dropped.
    std::size_t i = 1;
    int64_t scale = 100;
    for (; i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])); ++i) {
      ms += scale * (rest[i] - '0');
      scale /= 10;
    }
    if (i == 1) return std::nullopt;
    rest.remove_prefix(i);
  }
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

}  // namespace intentd
