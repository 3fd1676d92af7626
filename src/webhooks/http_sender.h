// HttpSender POSTs webhook payloads with libcurl's multi interface on one thread: many
// deliveries in flight at once, connections kept alive per host, connect and total timeouts.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace intentd::webhooks {

struct HttpRequest {
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
};

struct HttpResult {
  int status = 0;     // 0: no HTTP response
  std::string error;  // why there was no response, or ""
  int64_t latency_ms = 0;
  std::string head;  // the first bytes of the response body
};

class HttpSender {
 public:
  struct Options {
    int max_in_flight = 256;
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 20000;
    std::size_t head_bytes = 512;
  };
  using Callback = std::function<void(HttpResult)>;

  explicit HttpSender(Options options);
  HttpSender() : HttpSender(Options{}) {}
  // Stops the thread; requests not yet answered get an error result.
  ~HttpSender();

  // Queues a POST; `done` runs on the sender's thread.
  void post(HttpRequest request, Callback done);

 private:
  struct Transfer;
  void loop();
  void start_transfer(std::unique_ptr<Transfer> t);

  Options options_;
  void* multi_ = nullptr;  // CURLM*

  std::mutex mu_;
  std::deque<std::unique_ptr<Transfer>> queue_;  // guarded by mu_
  bool stopping_ = false;                        // guarded by mu_
  // Transfers in the multi handle, by easy handle; touched only on the sender thread.
  std::unordered_map<void*, std::unique_ptr<Transfer>> active_;
  std::vector<void*> idle_;  // finished easy handles, reset for reuse; sender thread only
  std::thread thread_;
};

}  // namespace intentd::webhooks
