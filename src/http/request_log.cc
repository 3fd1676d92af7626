#include "http/request_log.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace intentd::http {
namespace {

std::string quoted(std::string_view s) {
  return boost::json::serialize(boost::json::string(s));
}

// Request lines are JSON objects; the default logger keeps plain text for operational notes.
std::shared_ptr<spdlog::logger> request_logger;

}  // namespace

void init_logging(std::string_view level) {
  spdlog::init_thread_pool(8192, 1);
  const auto lvl = spdlog::level::from_str(std::string(level));
  // Two sinks on the same stream: a sink owns its formatter, and the loggers' formats differ.
  request_logger = std::make_shared<spdlog::async_logger>(
      "requests", std::make_shared<spdlog::sinks::stderr_sink_mt>(), spdlog::thread_pool(),
      spdlog::async_overflow_policy::block);
  request_logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ",%v})",
                              spdlog::pattern_time_type::utc);
  request_logger->set_level(lvl);

  auto logger = std::make_shared<spdlog::async_logger>(
      "intentd", std::make_shared<spdlog::sinks::stderr_sink_mt>(), spdlog::thread_pool(),
      spdlog::async_overflow_policy::block);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->set_level(lvl);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void flush_logs() {
  if (request_logger) request_logger->flush();
  spdlog::default_logger()->flush();
}

void log_request(const RequestLogLine& l) {
  if (!request_logger || !request_logger->should_log(spdlog::level::info)) return;
  const double ms = std::chrono::duration<double, std::milli>(l.duration).count();
  request_logger->info(
      R"("request_id":"{}","method":"{}","path":{},"status":{},"duration_ms":{:.3f},"account":{})",
      l.request_id, l.method, quoted(l.path), l.status, ms,
      l.account.empty() ? std::string("null") : quoted(l.account));
}

void log_internal_error(std::string_view request_id, std::string_view what) {
  spdlog::error("request {} failed: {}", request_id, what);
}

}  // namespace intentd::http
