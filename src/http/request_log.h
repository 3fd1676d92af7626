// The structured log: one JSON line per request (time, request id, method, path, status,
// duration, account) on stderr, written by a background thread so requests never wait on
// the terminal. Query strings, keys and card numbers never reach it.
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

// Installs the logger; `level` is one of spdlog's names (info, warn, error, off).
void init_logging(std::string_view level);
void flush_logs();

void log_request(const RequestLogLine& line);
void log_internal_error(std::string_view request_id, std::string_view what);

}  // namespace intentd::http
