// The structured log: one JSON line per request (time, request id, method, path, status,
// duration, account) on stderr. Lines collect in a buffer that is written out in whole lines
// when it fills and at least every 100 ms, so a request costs a memcpy, not a syscall or a
// thread wake-up. Query strings, keys and card numbers never reach it.
#pragma once

#include <chrono>
#include <string_view>

namespace intentd::http {

struct RequestLogLine {
  std::string_view request_id;
  std::string_view method;
  std::string_view path;
  int status = 0;
  std::string_view account;
  std::chrono::steady_clock::duration duration{};
};

// Installs the loggers; `level` is one of spdlog's names (info, warn, error, off). Request
// lines are written at info.
void init_logging(std::string_view level);
// Writes out buffered request lines (a background thread does it every 100 ms).
void flush_logs();
// Stops the background flusher after a last flush.
void stop_logging();

void log_request(const RequestLogLine& line);
void log_internal_error(std::string_view request_id, std::string_view what);

}  // namespace intentd::http
