#include "webhooks/http_sender.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>

#include "util/thread_name.h"

namespace intentd::webhooks {

struct HttpSender::Transfer {
  HttpRequest request;
  Callback done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string head;
  std::size_t head_limit = 0;
  std::chrono::steady_clock::time_point started;

  ~Transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const std::size_t bytes = size * n;
    if (t->head.size() < t->head_limit)
      t->head.append(data, std::min(bytes, t->head_limit - t->head.size()));
    return bytes;  // read and drop the rest so the connection can be reused
  }
};

HttpSender::HttpSender(Options options) : options_(options) {
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  multi_ = curl_multi_init();
  // Keep as many connections open as there can be transfers, so a backlog reuses them.
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_MAXCONNECTS,
                    static_cast<long>(options_.max_in_flight));
  thread_ = std::thread([this] {
    util::name_this_thread("webhooks");
    loop();
  });
}

HttpSender::~HttpSender() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  thread_.join();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void HttpSender::post(HttpRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(t));
      t = nullptr;
    }
  }
  if (t) {
    t->done(HttpResult{0, "the webhook sender is shutting down", 0, {}});
    return;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void HttpSender::start_transfer(std::unique_ptr<Transfer> t) {
  // Handles are reused (reset between transfers) rather than made per delivery.
  CURL* e;
  if (!idle_.empty()) {
    e = static_cast<CURL*>(idle_.back());
    idle_.pop_back();
  } else {
    e = curl_easy_init();
  }
  t->easy = e;
  t->head_limit = options_.head_bytes;
  for (const auto& h : t->request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
  curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.data());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->request.body.size()));
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  // Stripe counts a redirect as a failed delivery, so none is followed.
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_USERAGENT, "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
  t->started = std::chrono::steady_clock::now();
  curl_multi_add_handle(static_cast<CURLM*>(multi_), e);
  active_.emplace(e, std::move(t));
}

void HttpSender::loop() {
  auto* multi = static_cast<CURLM*>(multi_);
  for (;;) {
    std::deque<std::unique_ptr<Transfer>> starting;
    bool stopping;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
      while (!queue_.empty() &&
             active_.size() + starting.size() < static_cast<std::size_t>(options_.max_in_flight)) {
        starting.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (stopping) {
        for (auto& t : queue_) starting.push_back(std::move(t));
        queue_.clear();
      }
    }
    if (stopping) {
      // Everything unanswered fails; the job runner retries it after the next start.
      const HttpResult gone{0, "the webhook sender is shutting down", 0, {}};
      for (auto& t : starting) t->done(gone);
      for (auto& [easy, t] : active_) {
        curl_multi_remove_handle(multi, static_cast<CURL*>(easy));
        curl_easy_cleanup(static_cast<CURL*>(easy));
        t->done(gone);
      }
      active_.clear();
      for (void* e : idle_) curl_easy_cleanup(static_cast<CURL*>(e));
      idle_.clear();
      return;
    }
    for (auto& t : starting) start_transfer(std::move(t));

    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    bool freed = false;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      auto it = active_.find(msg->easy_handle);
      if (it == active_.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      active_.erase(it);
      curl_multi_remove_handle(multi, t->easy);
      HttpResult r;
      r.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - t->started)
                         .count();
      if (msg->data.result == CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
        r.status = static_cast<int>(code);
        r.head = std::move(t->head);
      } else {
        r.error = curl_easy_strerror(msg->data.result);
      }
      curl_easy_reset(t->easy);
      idle_.push_back(t->easy);
      t->done(std::move(r));
      freed = true;
    }
    // A finished transfer frees a slot: start what is queued before waiting on sockets.
    bool queued;
    {
      std::lock_guard lock(mu_);
      queued = !queue_.empty();
    }
    if (freed && queued) continue;
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
}

}  // namespace intentd::webhooks
