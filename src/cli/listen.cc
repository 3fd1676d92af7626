#include "cli/listen.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>

#include "base/clock.h"

namespace intentd::cli {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr long kForwardConnectTimeoutMs = 5000;
// Below intentd's own 20 s delivery timeout, so intentd hears the target's answer (or our 502)
// rather than timing out on the relay.
constexpr long kForwardTotalTimeoutMs = 15000;
constexpr std::size_t kBodyLimit = 16 << 20;
constexpr std::size_t kHeadBytes = 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

std::string now_local() {
  const std::time_t t = static_cast<std::time_t>(system_clock().now());
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// One line on stdout, flushed at once so a pipe (a test, `| tee`) sees it immediately.
void say(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

struct Forwarded {
  int status = 0;     // 0: no HTTP answer
  std::string error;  // why not
  std::string head;   // first bytes of the answer
};

// POSTs deliveries to the --forward-to URL with one reused easy handle (keep-alive).
class Forwarder {
 public:
  explicit Forwarder(std::string url) : url_(std::move(url)), easy_(curl_easy_init()) {}
  ~Forwarder() {
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
  }
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  const std::string& url() const { return url_; }

  Forwarded post(const std::string& body, std::string_view signature) {
    Forwarded f;
    if (easy_ == nullptr) {
      f.error = "could not initialise libcurl";
      return f;
    }
    CURL* e = easy_;
    curl_easy_reset(e);  // keeps the connection cache
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    if (!signature.empty())
      headers = curl_slist_append(headers, ("Stripe-Signature: " + std::string(signature)).c_str());
    curl_easy_setopt(e, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Forwarder::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &f.head);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, kForwardConnectTimeoutMs);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kForwardTotalTimeoutMs);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_USERAGENT, "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    const CURLcode rc = curl_easy_perform(e);
    if (rc == CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
      f.status = static_cast<int>(code);
    } else {
      f.error = curl_easy_strerror(rc);
    }
    curl_slist_free_all(headers);
    return f;
  }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
    auto* head = static_cast<std::string*>(out);
    const std::size_t bytes = size * n;
    if (head->size() < kHeadBytes) head->append(data, std::min(bytes, kHeadBytes - head->size()));
    return bytes;
  }

  std::string url_;
  CURL* easy_;
};

// The relay: a single-threaded HTTP/1.1 server on 127.0.0.1 that intentd delivers to. Each
// delivery is forwarded synchronously; intentd gets the target's status, or 502.
class Relay {
 public:
  Relay(asio::io_context& ioc, std::string forward_to)
      : acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        forwarder_(std::move(forward_to)) {}

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void start() { asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached); }
  void stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket sock =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor_.is_open()) co_return;
        continue;
      }
      asio::co_spawn(acceptor_.get_executor(), session(std::move(sock)), asio::detached);
    }
  }

  asio::awaitable<void> session(tcp::socket sock) {
    beast::tcp_stream stream(std::move(sock));
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(kBodyLimit);
      stream.expires_after(kIdleTimeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      bhttp::request<bhttp::string_body> req = parser.release();
      bhttp::response<bhttp::string_body> res = handle(req);
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      stream.expires_after(kIdleTimeout);
      co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !res.keep_alive()) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
  }

  bhttp::response<bhttp::string_body> handle(const bhttp::request<bhttp::string_body>& req) {
    bhttp::response<bhttp::string_body> res;
    res.version(req.version());
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    if (req.method() != bhttp::verb::post) {
      res.result(bhttp::status::method_not_allowed);
      res.set(bhttp::field::allow, "POST");
      res.body() = "intentd listen relays POSTed webhook deliveries only\n";
      return res;
    }

    std::string id = "?", type = "?";
    boost::system::error_code ec;
    json::value event = json::parse(req.body(), ec);
    if (!ec && event.is_object()) {
      const json::object& o = event.as_object();
      if (const auto* v = o.if_contains("id"); v && v->is_string()) id = v->as_string();
      if (const auto* v = o.if_contains("type"); v && v->is_string()) type = v->as_string();
    }
    say(now_local() + "  --> " + type + " [" + id + "]");

    const auto sig = req.find("Stripe-Signature");
    Forwarded f = forwarder_.post(
        req.body(), sig == req.end() ? std::string_view() : std::string_view(sig->value()));
    if (f.status >= 100 && f.status <= 599) {
      say(now_local() + "  <-- [" + std::to_string(f.status) + "] POST " + forwarder_.url() + " [" +
          id + "]");
      res.result(static_cast<unsigned>(f.status));
      res.body() = std::move(f.head);
    } else {
      if (f.error.empty()) f.error = "invalid HTTP status " + std::to_string(f.status);
      say(now_local() + "  <-- [ERROR] POST " + forwarder_.url() + " [" + id + "]: " + f.error);
      res.result(bhttp::status::bad_gateway);
      res.body() =
          "intentd listen could not forward to " + forwarder_.url() + ": " + f.error + "\n";
    }
    return res;
  }

  tcp::acceptor acceptor_;
  Forwarder forwarder_;
};

bool is_http_url(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"})
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  return false;
}

}  // namespace

int listen(const ListenOptions& options) {
  const std::string key = resolve_api_key(options.api_key);
  if (key.empty()) {
    std::fprintf(stderr,
                 "intentd listen: no API key: pass --api-key or set INTENTD_API_KEY (or "
                 "STRIPE_API_KEY)\n");
    return 2;
  }
  if (!is_http_url(options.forward_to)) {
    std::fprintf(stderr,
                 "intentd listen: --forward-to must be an http:// or https:// URL, got '%s'\n",
                 options.forward_to.c_str());
    return 2;
  }
  // A target or intentd that hangs up mid-write must not kill the relay.
  std::signal(SIGPIPE, SIG_IGN);

  const ApiClient api(options.server, key);
  asio::io_context ioc(1);
  // Installed before the endpoint exists, so a ^C from now on always reaches the clean-up.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  std::unique_ptr<Relay> relay;
  try {
    relay = std::make_unique<Relay>(ioc, options.forward_to);
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "intentd listen: cannot open the local relay: %s\n", e.what());
    return 1;
  }

  FormParams params{{"url", "http://127.0.0.1:" + std::to_string(relay->port()) + "/"},
                    {"description", "intentd listen"}};
  std::size_t n = 0;
  for (const std::string& type : options.events) {
    // "--events 'a, b'" means a and b.
    const auto first = type.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    const auto last = type.find_last_not_of(" \t");
    params.emplace_back("enabled_events[" + std::to_string(n++) + "]",
                        type.substr(first, last - first + 1));
  }
  if (n == 0) params.emplace_back("enabled_events[0]", "*");
  ApiResponse created = api.post("/v1/webhook_endpoints", params);
  if (!created.ok()) {
    std::fprintf(stderr, "intentd listen: could not register a webhook endpoint: %s\n",
                 created.error.c_str());
    return 1;
  }
  const json::object& endpoint = created.body.as_object();
  const json::value* id = endpoint.if_contains("id");
  const json::value* secret = endpoint.if_contains("secret");
  if (id == nullptr || !id->is_string() || secret == nullptr || !secret->is_string()) {
    std::fprintf(stderr, "intentd listen: the server answered without an endpoint id or secret\n");
    return 1;
  }
  const std::string endpoint_id(id->as_string());

  say("Ready! Your webhook signing secret is " + std::string(secret->as_string()) +
      " (^C to quit)");
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    relay->stop();
    ioc.stop();
  });
  relay->start();
  ioc.run();

  ApiResponse removed = api.del("/v1/webhook_endpoints/" + path_escape(endpoint_id));
  // 404: someone removed it already, which is the state we want.
  if (!removed.ok() && removed.status != 404) {
    std::fprintf(stderr, "intentd listen: could not delete webhook endpoint %s: %s\n",
                 endpoint_id.c_str(), removed.error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace intentd::cli
