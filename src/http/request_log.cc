#include "http/request_log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/clock.h"

namespace intentd::http {
namespace {

constexpr std::size_t kFlushBytes = 32 * 1024;

std::atomic<bool> requests_enabled{true};
std::mutex buffer_mu;
std::string buffer;  // whole lines not yet written; guarded by buffer_mu

// Writes the buffer out every 100 ms until stop_logging().
class Flusher {
 public:
  Flusher()
      : thread_([this] {
          std::unique_lock lock(mu_);
          while (!cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; }))
            flush_logs();
        }) {}
  ~Flusher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
    flush_logs();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

std::unique_ptr<Flusher> flusher;

void write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;  // stderr is gone; dropping log lines beats blocking requests
    done += static_cast<std::size_t>(n);
  }
}

// Appends `s` as a JSON string literal.
void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        else
          out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

void init_logging(std::string_view level) {
  const auto lvl = spdlog::level::from_str(std::string(level));
  requests_enabled = lvl <= spdlog::level::info;
  auto logger = std::make_shared<spdlog::logger>("intentd",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  if (requests_enabled && !flusher) flusher = std::make_unique<Flusher>();
}

void stop_logging() {
  flusher.reset();
}

void flush_logs() {
  std::string out;
  {
    std::lock_guard lock(buffer_mu);
    out.swap(buffer);
  }
  if (!out.empty()) write_all(out);
}

void log_request(const RequestLogLine& l) {
  if (!requests_enabled.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(200);
  line += "{\"time\":\"";
  line += rfc3339(system_clock().now_ms());
  line += "\",\"request_id\":";
  append_quoted(line, l.request_id);
  line += ",\"method\":";
  append_quoted(line, l.method);
  line += ",\"path\":";
  append_quoted(line, l.path);
  line += fmt::format(R"(,"status":{},"duration_ms":{:.3f},"account":)", l.status,
                      std::chrono::duration<double, std::milli>(l.duration).count());
  if (l.account.empty())
    line += "null";
  else
    append_quoted(line, l.account);
  line += "}\n";

  std::string full;
  {
    std::lock_guard lock(buffer_mu);
    buffer += line;
    if (buffer.size() >= kFlushBytes) full.swap(buffer);
  }
  if (!full.empty()) write_all(full);
}

void log_internal_error(std::string_view request_id, std::string_view what) {
  spdlog::error("request {} failed: {}", request_id, what);
}

}  // namespace intentd::http
