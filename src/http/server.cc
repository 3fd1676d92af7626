#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "util/thread_name.h"

namespace intentd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool busy = false;  // touched only on the connection's strand
};

ApiError limit_error(int status, std::string message) {
  ApiError e = ApiError::invalid_request(std::move(message));
  e.status = status;
  return e;
}

}  // namespace

struct Server::Impl {
  Impl(Options o, Pipeline& p)
      : options(std::move(o)), pipeline(p), acceptor(ioc), signals(ioc), drain_timer(ioc) {}

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> c);
  asio::awaitable<void> reject_and_linger(Connection& c, const ApiError& e, unsigned version,
                                          std::string_view api_version = {});
  void begin_drain();
  void connection_closed(const std::shared_ptr<Connection>& c);

  Options options;
  Pipeline& pipeline;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::atomic<bool> draining{false};
  std::mutex mu;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // guarded by mu
};

Server::Server(Options options, Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

Server::~Server() = default;

uint16_t Server::listen() {
  tcp::endpoint ep(asio::ip::make_address(impl_->options.host), impl_->options.port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  return impl_->acceptor.local_endpoint().port();
}

void Server::run() {
  Impl& s = *impl_;
  s.signals.add(SIGINT);
  s.signals.add(SIGTERM);
  s.signals.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (!ec) {
      spdlog::info("signal {}: draining", signo);
      stop();
    }
  });
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  int n = s.options.threads > 0
              ? s.options.threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i)
    threads.emplace_back([&s] {
      util::name_this_thread("io");
      s.ioc.run();
    });
  s.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [s = impl_.get()] { s->begin_drain(); });
}

void Server::Impl::begin_drain() {
  if (draining.exchange(true)) return;
  boost::system::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  {
    // Idle connections close now; busy ones close after answering their current request.
    std::lock_guard lock(mu);
    for (const auto& c : connections)
      asio::post(c->stream.get_executor(), [c] {
        // The session may have closed its socket already; that is fine.
        boost::system::error_code ignored;
        if (!c->busy) c->stream.socket().cancel(ignored);
      });
  }
  // Connections that outlive the drain timeout are cut off; the timer is cancelled as soon as
  // the last connection ends, so run() returns then.
  std::lock_guard lock(mu);
  if (connections.empty()) return;
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](const boost::system::error_code& e) {
    if (e) return;
    spdlog::warn("drain timeout: closing the remaining connections");
    ioc.stop();
  });
}

void Server::Impl::connection_closed(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu);
  connections.erase(c);
  if (draining && connections.empty())
    asio::post(ioc, [this] {
      std::lock_guard inner(mu);
      drain_timer.cancel();
    });
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket sock = co_await acceptor.async_accept(
        asio::make_strand(ioc), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor.is_open()) co_return;
      // Out of descriptors or similar: back off instead of spinning.
      spdlog::warn("accept: {}", ec.message());
      asio::steady_timer t(ioc, std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    sock.set_option(tcp::no_delay(true), ec);
    auto c = std::make_shared<Connection>(std::move(sock));
    {
      std::lock_guard lock(mu);
      connections.insert(c);
    }
    asio::co_spawn(c->stream.get_executor(), session(c), [this, c](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("connection failed: {}", ex.what());
        }
      }
      connection_closed(c);
    });
  }
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  while (!draining) {
    c->busy = false;
    if (buffer.size() == 0) {
      // Idle between requests: wait for the first byte under the idle timeout.
      c->stream.expires_after(options.idle_timeout);
      std::size_t n = co_await c->stream.async_read_some(
          buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      buffer.commit(n);
    }
    c->busy = true;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);
    // The whole request must arrive within the request timeout (slow clients are cut off).
    c->stream.expires_after(options.request_timeout);
    co_await bhttp::async_read(c->stream, buffer, parser,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) break;
    if (ec == bhttp::error::body_limit) {
      // The headers were read, so the answer can speak the requested API version.
      auto version = parser.get().find("Stripe-Version");
      co_await reject_and_linger(
          *c,
          limit_error(413, "Request body too large: the limit is " +
                               std::to_string(options.body_limit) + " bytes."),
          parser.get().version(),
          version == parser.get().end() ? std::string_view() : std::string_view(version->value()));
      break;
    }
    if (ec == bhttp::error::header_limit) {
      co_await reject_and_linger(
          *c,
          limit_error(431, "Request headers too large: the limit is " +
                               std::to_string(options.header_limit) + " bytes."),
          11);
      break;
    }
    if (ec == beast::error::timeout) {
      co_await reject_and_linger(
          *c, limit_error(408, "The request took too long to arrive and was abandoned."), 11);
      break;
    }
    if (ec) {
      // A malformed request gets an answer; a broken socket does not.
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
        co_await reject_and_linger(
            *c, limit_error(400, "Malformed HTTP request: " + ec.message() + "."), 11);
      break;
    }

    HttpResponse res = co_await pipeline.handle(parser.release());
    if (draining) res.keep_alive(false);
    c->stream.expires_after(options.request_timeout);
    co_await bhttp::async_write(c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  c->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c->stream.close();
}

asio::awaitable<void> Server::Impl::reject_and_linger(Connection& c, const ApiError& e,
                                                      unsigned version,
                                                      std::string_view api_version) {
  boost::system::error_code ec;
  HttpResponse res = pipeline.reject(e, version == 10 ? 10 : 11, api_version);
  c.stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(c.stream, res, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  // Read and drop what the client is still sending, briefly, so it sees the answer instead
  // of a reset connection.
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::vector<char> sink(64 * 1024);
  std::size_t dropped = 0;
  while (dropped < (64u << 20)) {
    std::size_t n = co_await c.stream.async_read_some(
        asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    dropped += n;
  }
}

}  // namespace intentd::http
