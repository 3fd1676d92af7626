// Clock is where every timestamp comes from, so tests (and later Billing test clocks) can
// move time instead of waiting for it.
#pragma once

#include <atomic>
#include <cstdint>

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

}  // namespace intentd
