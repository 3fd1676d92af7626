// async_write: submits a write to the Store's group-commit writer and resumes the calling
// coroutine (on its own executor) once the batch holding it is durable or has failed.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <memory>

#include "store/store.h"

namespace intentd::http {

// Completes when the writer has committed (or failed) `fn`, resuming on the caller's executor.
template <class Token>
auto async_write(store::Store& store, store::Store::WriteFn fn, Token&& token) {
  namespace asio = boost::asio;
  return asio::async_initiate<Token, void(store::CommitStatus)>(
      [&store](auto handler, store::Store::WriteFn fn) {
        using Handler = decltype(handler);
        auto h = std::make_shared<Handler>(std::move(handler));
        store.write(std::move(fn), [h](store::CommitStatus s) {
          auto ex = asio::get_associated_executor(*h);
          asio::post(ex, [h, s]() mutable { std::move (*h)(s); });
        });
      },
      token, std::move(fn));
}

}  // namespace intentd::http
