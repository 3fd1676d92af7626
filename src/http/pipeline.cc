#include "http/pipeline.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <exception>
#include <memory>

#include "api/form_decoder.h"
#include "base/ids.h"
#include "base/json_text.h"
#include "base/utf8.h"
#include "http/account_scope.h"
#include "http/async_write.h"
#include "http/request_log.h"

namespace intentd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;

// Per-request facts the log line and the response headers need.
struct Pipeline::Exchange {
  std::string request_id;
  std::string method;
  std::string path;
  std::string account;
  std::string api_version;
  std::string idempotency_key;  // only a valid one, as it is echoed
  Status idempotency_key_status = Status::Ok();
  bool v2 = false;  // a /v2 path: JSON bodies and v2 error shapes
};

// What the client gets: a status and a JSON body, plus whether it is a replay.
struct Pipeline::Outcome {
  int status = 200;
  std::string body;
  bool replayed = false;
  bool keep_writes = false;  // an error whose writes commit anyway (a declined payment)
  bool saved = true;         // kept under its idempotency key (api::saved_for_replay)
  std::string content_type = "application/json";
  std::string location;  // hosted pages redirect back to the merchant

  static Outcome of(const ApiError& e, bool v2) {
    Outcome out;
    out.status = e.status;
    out.body = e.body(v2);
    out.keep_writes = e.keep_writes;
    out.saved = api::saved_for_replay(e);
    return out;
  }
};

// A request that passed every check up to the handler.
struct Pipeline::Prepared {
  const api::Endpoint* endpoint = nullptr;
  api::Call call;
  std::vector<std::string> expand;
  json::object raw_params;  // as decoded, for the idempotency fingerprint
  bool v2 = false;
};

namespace {

std::string_view header(const HttpRequest& req, beast::http::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view() : std::string_view(it->value());
}

std::string_view header(const HttpRequest& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string_view() : std::string_view(it->value());
}

// v2 endpoints take a JSON object body.
Result<json::object> decode_json_body(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec)
    return ApiError::invalid_request("Invalid JSON in the request body: " + ec.message() + ".");
  if (!v.is_object()) return ApiError::invalid_request("The request body must be a JSON object.");
  return std::move(v.as_object());
}

}  // namespace

Pipeline::Outcome Pipeline::finish(Result<json::value> result, const Prepared& p,
                                   store::ReadTxn& txn) const {
  const bool publishable = p.call.key_kind == store::KeyKind::kPublishable;
  if (!result.ok()) {
    if (!publishable) return Outcome::of(result.error(), p.v2);
    ApiError e = std::move(result).error();
    client_views_.apply(e);
    return Outcome::of(e, p.v2);
  }
  const api::Endpoint& e = *p.endpoint;
  if (!p.expand.empty())
    expand_.apply(*result, e.object_type, e.returns == api::Returns::kList, p.expand,
                  p.call.account, txn);
  if (publishable) client_views_.apply(*result);
  return {200, json_text(*result), false};
}

Pipeline::Pipeline(store::Store& store, const Clock& clock, const Settings& settings,
                   const KeyRing& keys, const Router& router, const api::ExpandRules& expand,
                   const api::ClientViews& views)
    : store_(store),
      clock_(clock),
      settings_(settings),
      keys_(keys),
      router_(router),
      expand_(expand),
      client_views_(views),
      pages_(store, clock, settings) {}

asio::awaitable<HttpResponse> Pipeline::handle(HttpRequest req) {
  const auto start = std::chrono::steady_clock::now();
  Exchange x;
  x.request_id = random_id("req", 14);
  x.method = std::string(req.method_string());
  std::string_view target = req.target();
  x.path = std::string(target.substr(0, target.find('?')));
  std::string_view version = header(req, "Stripe-Version");
  x.api_version = version.empty() ? std::string(api::kDefaultApiVersion) : std::string(version);
  const std::string_view key = header(req, "Idempotency-Key");
  x.idempotency_key_status = api::check_idempotency_key(key);
  if (x.idempotency_key_status.ok()) x.idempotency_key = std::string(key);
  x.v2 = x.path.starts_with("/v2/");

  Outcome out;
  try {
    out = co_await dispatch(req, x);
  } catch (const std::exception& e) {
    log_internal_error(x.request_id, e.what());
    out = Outcome::of(ApiError::internal(), x.v2);
  }
  HttpResponse res = render(req, x, out);
  log_request(RequestLogLine{x.request_id, x.method, x.path, out.status, x.account,
                             std::chrono::steady_clock::now() - start});
  co_return res;
}

asio::awaitable<Pipeline::Outcome> Pipeline::dispatch(const HttpRequest& req, Exchange& x) {
  if (x.path == "/healthz" && (x.method == "GET" || x.method == "HEAD"))
    co_return Outcome{200, R"({"status":"ok"})", false};
  if (HostedPages::handles(x.path)) {
    PageResponse page = co_await pages_.handle(req, x.request_id);
    Outcome out{page.status, std::move(page.html), false};
    out.content_type = "text/html; charset=utf-8";
    out.location = std::move(page.location);
    co_return out;
  }

  auto prepared = prepare(req, x);
  if (!prepared.ok()) co_return Outcome::of(prepared.error(), x.v2);
  Prepared& p = *prepared;
  if (p.endpoint->read != nullptr) co_return run_read(p);
  co_return co_await run_write(p, x);
}

Result<Pipeline::Prepared> Pipeline::prepare(const HttpRequest& req, Exchange& x) {
  INTENTD_ASSIGN_OR_RETURN(Principal who,
                           keys_.authenticate(header(req, beast::http::field::authorization)));
  INTENTD_ASSIGN_OR_RETURN(AccountScope scope,
                           resolve_scope(store_, who, header(req, "Stripe-Account")));
  x.account = scope.account;

  Router::Match m = router_.match(x.method, x.path);
  if (m.endpoint == nullptr) return ApiError::unrecognized_url(x.method, x.path);
  const api::Endpoint& e = *m.endpoint;
  if (who.kind == store::KeyKind::kPublishable && e.access != api::Access::kPublishableKey)
    return secret_key_required_error(who.masked_key);
  for (auto& arg : m.args) {
    std::string decoded;
    if (!api::percent_decode(arg, decoded, /*plus_is_space=*/false) || !valid_utf8(decoded))
      return ApiError::unrecognized_url(x.method, x.path);
    arg = std::move(decoded);
  }

  // Params: the query string, and for POST the form body as well.
  std::string_view target = req.target();
  std::string_view query =
      target.find('?') == std::string_view::npos ? "" : target.substr(target.find('?') + 1);
  INTENTD_ASSIGN_OR_RETURN(json::object raw, api::decode_form(query));
  const bool v2 = x.v2;
  if (req.method() != beast::http::verb::get && !req.body().empty()) {
    std::string_view type = header(req, beast::http::field::content_type);
    json::object body;
    if (v2) {
      INTENTD_ASSIGN_OR_RETURN(body, decode_json_body(req.body()));
    } else if (type.starts_with("application/json")) {
      return ApiError::invalid_request(
          "Invalid request: v1 endpoints take application/x-www-form-urlencoded bodies, not "
          "JSON. Encode parameters as form fields (for example name=Jenny&metadata[k]=v).");
    } else {
      INTENTD_ASSIGN_OR_RETURN(body, api::decode_form(req.body()));
    }
    for (auto& kv : body) {
      if (raw.contains(kv.key()))
        return ApiError::invalid_request(
            "Parameter '" + std::string(kv.key()) +
                "' was given both in the URL query string and in the request body.",
            std::string(kv.key()));
      raw[kv.key()] = std::move(kv.value());
    }
  }

  Prepared p;
  p.endpoint = &e;
  p.v2 = v2;
  if (auto* ex = raw.if_contains("expand"); ex != nullptr && !v2) {
    static const api::Param kExpand = api::Param::array(api::Param::string());
    INTENTD_ASSIGN_OR_RETURN(json::value paths, kExpand.check(*ex, "expand"));
    for (const auto& path : paths.as_array()) p.expand.emplace_back(path.as_string());
    INTENTD_TRY(expand_.check(e.object_type, e.returns == api::Returns::kList, p.expand));
  }
  json::object without_expand = raw;
  if (!v2) without_expand.erase("expand");
  INTENTD_ASSIGN_OR_RETURN(p.call.params, e.params.check_request(without_expand));
  p.raw_params = std::move(raw);
  p.call.platform = std::move(scope.platform);
  p.call.account = std::move(scope.account);
  p.call.key_kind = who.kind;
  p.call.path_args = std::move(m.args);
  p.call.now_ms = clock_.now_ms();
  p.call.now = p.call.now_ms / 1000;
  p.call.settings = &settings_;
  p.call.api_version = x.api_version;
  p.call.request_id = x.request_id;
  p.call.path = x.path;
  return p;
}

Pipeline::Outcome Pipeline::run_read(Prepared& p) {
  Outcome out;
  store_.read([&](store::ReadTxn& txn) { out = finish(p.endpoint->read(p.call, txn), p, txn); });
  return out;
}

asio::awaitable<Pipeline::Outcome> Pipeline::run_write(Prepared& p, const Exchange& x) {
  std::string key;
  std::string fingerprint;
  std::string scoped_key;
  // v1 honours keys on POST; v2 on POST and DELETE.
  if (p.endpoint->method == "POST" ||
      (p.endpoint->method == "DELETE" && x.path.starts_with("/v2/"))) {
    if (!x.idempotency_key_status.ok())
      co_return Outcome::of(x.idempotency_key_status.error(), x.v2);
    key = x.idempotency_key;
  }
  if (!key.empty()) {
    scoped_key = p.call.account + '\n' + key;
    if (!in_flight_.acquire(scoped_key))
      co_return Outcome::of(api::idempotency_key_in_use(key), x.v2);
    fingerprint = api::params_fingerprint(p.raw_params);
    p.call.idempotency_key = key;
  }
  // Whatever happens from here on, the key is free again once this request is answered.
  struct Release {
    api::InFlightKeys& keys;
    const std::string& k;
    ~Release() {
      if (!k.empty()) keys.release(k);
    }
  } release{in_flight_, scoped_key};

  if (!key.empty()) {
    std::optional<store::IdempotencyRecord> stored;
    store_.read([&](store::ReadTxn& txn) { stored = txn.idempotency(p.call.account, key); });
    if (stored && stored->created + api::kIdempotencyTtlSeconds > p.call.now) {
      Status reuse = api::check_reuse(*stored, p.endpoint->method, x.path, fingerprint);
      if (!reuse.ok()) co_return Outcome::of(reuse.error(), x.v2);
      co_return Outcome{stored->status, stored->body, true};
    }
  }

  Outcome out;
  const api::Endpoint& e = *p.endpoint;
  auto status = co_await async_write(
      store_,
      [&](store::Txn& txn) {
        out = store::atomically(txn, [&] {
                struct Ran {
                  Outcome o;
                  bool ok() const { return o.status < 400 || o.keep_writes; }
                };
                return Ran{finish(e.write(p.call, txn), p, txn)};
              }).o;
        if (!key.empty() && out.saved) {
          // Stored in the same transaction as the write, errors included.
          txn.save_idempotency(p.call.account, store::IdempotencyRecord{
                                                   key, std::string(e.method), x.path, fingerprint,
                                                   out.status, out.body, p.call.now});
        }
      },
      asio::use_awaitable);
  if (status != store::CommitStatus::kCommitted) co_return Outcome::of(ApiError::internal(), x.v2);
  co_return out;
}

HttpResponse Pipeline::render(const HttpRequest& req, const Exchange& x, Outcome& out) const {
  HttpResponse res{static_cast<beast::http::status>(out.status), req.version()};
  res.set(beast::http::field::server, "intentd");
  res.set(beast::http::field::content_type, out.content_type);
  if (!out.location.empty()) res.set(beast::http::field::location, out.location);
  res.set("Request-Id", x.request_id);
  res.set("Stripe-Version", x.api_version);
  res.set(beast::http::field::cache_control, "no-cache, no-store");
  res.set(beast::http::field::access_control_allow_origin, "*");
  if (!x.idempotency_key.empty()) res.set("Idempotency-Key", x.idempotency_key);
  if (out.replayed) res.set("Idempotent-Replayed", "true");
  if (out.status == 409) res.set("Stripe-Should-Retry", "true");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(out.body);
  res.prepare_payload();
  // A HEAD answer has the GET answer's headers and no body.
  if (req.method() == beast::http::verb::head) res.body().clear();
  return res;
}

HttpResponse Pipeline::reject(const ApiError& error, unsigned version,
                              std::string_view api_version) const {
  HttpResponse res{static_cast<beast::http::status>(error.status), version};
  res.set(beast::http::field::server, "intentd");
  res.set(beast::http::field::content_type, "application/json");
  res.set("Request-Id", random_id("req", 14));
  res.set("Stripe-Version", api_version.empty() ? api::kDefaultApiVersion : api_version);
  res.keep_alive(false);
  res.body() = error.body();
  res.prepare_payload();
  return res;
}

}  // namespace intentd::http
