// Waiting on work another thread finishes: polling a condition for a bounded time, and a
// counter that threads bump and tests wait on, so tests never sleep for a fixed time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace intentd::testutil {

// Checks `done` every few milliseconds until it holds or `timeout` passes; returns done().
template <class Pred>
bool eventually(Pred done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Checks that `holds` stays true for `window` (a bounded look for something that should
// not happen); returns false as soon as it does not.
template <class Pred>
bool stays(Pred holds, std::chrono::milliseconds window = std::chrono::milliseconds(200)) {
  const auto deadline = std::chrono::steady_clock::now() + window;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!holds()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return holds();
}

// A count that any thread bumps and a test waits to reach.
class Counter {
 public:
  void add(std::size_t n = 1) {
    {
      std::lock_guard lock(mu_);
      count_ += n;
    }
    cv_.notify_all();
  }
  std::size_t count() const {
    std::lock_guard lock(mu_);
    return count_;
  }
  // True once the count is at least `n`; false when `timeout` passes first.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return count_ >= n; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::size_t count_ = 0;
};

}  // namespace intentd::testutil
