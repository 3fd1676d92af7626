// Server accepts HTTP/1.1 keep-alive connections on a pool of io threads and hands each
// request to the Pipeline. It enforces size and time limits with Stripe-shaped errors, and
// on stop() (or SIGINT/SIGTERM) stops accepting, lets in-flight requests finish, and returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/pipeline.h"

namespace intentd::http {

class Server {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    uint16_t port = 12111;  // 0: any free port; listen() says which
    int threads = 0;        // 0: one per core
    std::size_t body_limit = 1 << 20;
    std::size_t header_limit = 16 << 10;
    std::chrono::seconds idle_timeout{75};
    std::chrono::seconds request_timeout{30};
    std::chrono::seconds drain_timeout{15};
  };

  Server(Options options, Pipeline& pipeline);
  ~Server();

  // Binds and listens; returns the bound port. Throws on failure (address in use, ...).
  uint16_t listen();
  // Serves until stop() or a signal, then waits for in-flight requests and returns.
  void run();
  // Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intentd::http
