// Clock is where every timestamp comes from, so tests (and later Billing test clocks) can
// move time instead of waiting for it.
#pragma once

#include <atomic>
#include <cstdint>

namespace intentd::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  // Unix seconds.
  virtual int64_t now() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now() const override;
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start) : now_(start) {}
  int64_t now() const override { return now_.load(); }
  void set(int64_t t) { now_.store(t); }
  void advance(int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace intentd::domain
