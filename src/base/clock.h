// Clock is where every timestamp comes from, so tests (and later Billing test clocks) can
// move time instead of waiting for it; and how a moment is written as text (RFC 3339).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intentd {

class Clock {
 public:
  virtual ~Clock() = default;
  // Unix milliseconds: scheduled work (webhook retries, settlement) needs sub-second times.
  virtual int64_t now_ms() const = 0;
  // Unix seconds, as API objects show them.
  int64_t now() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// The one system clock, for what has no clock of its own to be given (log lines, tools).
const Clock& system_clock();

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_seconds) : now_ms_(start_seconds * 1000) {}
  int64_t now_ms() const override { return now_ms_.load(); }
  void set(int64_t seconds) { now_ms_.store(seconds * 1000); }
  void advance(int64_t seconds) { now_ms_.fetch_add(seconds * 1000); }
  void advance_ms(int64_t ms) { now_ms_.fetch_add(ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

// An RFC 3339 UTC time with milliseconds ("2025-06-09T21:16:03.123Z"), as v2 objects and the
// request log show times.
std::string rfc3339(int64_t unix_ms);
// The reverse (fraction optional, UTC only) → unix milliseconds.
std::optional<int64_t> parse_rfc3339(std::string_view text);

}  // namespace intentd
