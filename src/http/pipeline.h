// Pipeline turns one HTTP request into one response the way Stripe's front door does:
// request id, authentication, Stripe-Account, routing, param decoding and checking,
// idempotency, the handler (on a read snapshot or the group-commit writer), expand, headers
// and one log line.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "api/api_version.h"
#include "api/client_view.h"
#include "api/expand.h"
#include "api/idempotency.h"
#include "base/clock.h"
#include "base/settings.h"
#include "http/auth.h"
#include "http/hosted_pages.h"
#include "http/message.h"
#include "http/router.h"
#include "store/store.h"

namespace intentd::http {

class Pipeline {
 public:
  Pipeline(store::Store& store, const Clock& clock, const Settings& settings, const KeyRing& keys,
           const Router& router, const api::ExpandRules& expand, const api::ClientViews& views);

  boost::asio::awaitable<HttpResponse> handle(HttpRequest req);

  // The response for a request the server could not read (too large, malformed, ...);
  // `api_version` is the Stripe-Version it asked for, when its headers could be read.
  HttpResponse reject(const ApiError& error, unsigned version,
                      std::string_view api_version = {}) const;

 private:
  struct Exchange;
  struct Outcome;
  struct Prepared;

  boost::asio::awaitable<Outcome> dispatch(const HttpRequest& req, Exchange& x);
  Result<Prepared> prepare(const HttpRequest& req, Exchange& x);
  Outcome run_read(Prepared& p);
  // Serializes the handler's object after expanding it, or its error.
  Outcome finish(Result<boost::json::value> result, const Prepared& p, store::ReadTxn& txn) const;
  boost::asio::awaitable<Outcome> run_write(Prepared& p, const Exchange& x);
  HttpResponse render(const HttpRequest& req, const Exchange& x, Outcome& out) const;

  store::Store& store_;
  const Clock& clock_;
  const Settings& settings_;
  const KeyRing& keys_;
  const Router& router_;
  const api::ExpandRules& expand_;
  const api::ClientViews& client_views_;
  api::InFlightKeys in_flight_;
  HostedPages pages_;
};

}  // namespace intentd::http
