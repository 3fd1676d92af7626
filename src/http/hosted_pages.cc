#include "http/hosted_pages.h"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>

#include "api/form_decoder.h"
#include "base/ids.h"
#include "base/utf8.h"
#include "http/account_scope.h"
#include "http/async_write.h"
#include "http/router.h"
#include "resources/checkout/checkout_session_page.h"
#include "resources/payment_intents/payment_intent_authentication.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/setup_intents/setup_intent_authentication.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/shared/authentication.h"
#include "resources/shared/intent_owner.h"
#include "web/checkout_page.h"
#include "web/pages.h"

namespace intentd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
namespace checkout = resources::checkout_sessions;

namespace {

// The longest User-Agent a mandate keeps; the header is the one unauthenticated text a page
// stores, so it is cut and cleaned (base/utf8.h) before it goes near an object.
constexpr std::size_t kMaxUserAgentBytes = 512;

PageResponse not_found() {
  return {404, web::message_page("Page not found", "There is no such page on this intentd."), {}};
}

std::string param(const json::object& params, std::string_view name) {
  const json::value* v = params.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// return_url + payment_intent (or setup_intent), its client secret and redirect_status, as
// Stripe appends them.
std::string back_to(const resources::AuthenticationResult& r, const std::string& id) {
  // The params go into the query, before any #fragment, which the browser keeps.
  std::string url = r.return_url;
  std::string fragment;
  if (auto hash = url.find('#'); hash != std::string::npos) {
    fragment = url.substr(hash);
    url.resize(hash);
  }
  if (url.find('?') == std::string::npos)
    url += '?';
  else if (url.back() != '?' && url.back() != '&')
    url += '&';
  url += api::encode_form(json::object{{r.object, id},
                                       {r.object + "_client_secret", r.client_secret},
                                       {"redirect_status", r.redirect_status}});
  return url + fragment;
}

namespace pis = resources::payment_intents;
namespace sis = resources::setup_intents;

// Which intent an id on the 3-D Secure page names: a SetupIntent (seti_…), a PaymentIntent
// (pi_…), or neither.
enum class IntentKind { kPayment, kSetup, kNone };
IntentKind kind_of(std::string_view id) {
  if (has_prefix(id, sis::kType.prefix)) return IntentKind::kSetup;
  if (has_prefix(id, pis::kType.prefix)) return IntentKind::kPayment;
  return IntentKind::kNone;
}

// What the 3-D Secure page shows for the intent `id` with `client_secret`.
Result<resources::AuthenticationView> authentication_view(store::ReadTxn& txn,
                                                          std::string_view account,
                                                          std::string_view id,
                                                          std::string_view client_secret) {
  switch (kind_of(id)) {
    case IntentKind::kSetup:
      return sis::authentication_view(txn, account, id, client_secret);
    case IntentKind::kPayment:
      return pis::authentication_view(txn, account, id, client_secret);
    case IntentKind::kNone:
      break;
  }
  return ApiError::resource_missing("payment_intent", id);
}

// Completes (`completed`) or fails the authentication the intent `id` waits for; the intent's
// owner (a Checkout Session) learns the outcome now, not only if the browser comes back to it.
Result<resources::AuthenticationResult> authenticate(store::Txn& txn, const api::Call& call,
                                                     std::string_view id,
                                                     std::string_view client_secret,
                                                     bool completed) {
  Result<resources::AuthenticationResult> r = ApiError::resource_missing("payment_intent", id);
  switch (kind_of(id)) {
    case IntentKind::kSetup:
      r = sis::authenticate(txn, call, id, client_secret, completed);
      break;
    case IntentKind::kPayment:
      r = pis::authenticate(txn, call, id, client_secret, completed);
      break;
    case IntentKind::kNone:
      return r;
  }
  if (r.ok())
    resources::tell_owner(txn, call, r->object, id, resources::IntentEvent::kAuthenticated);
  return r;
}

}  // namespace

api::Call HostedPages::page_call(std::string_view account, const std::string& request_id) const {
  AccountScope scope = page_scope(account);
  api::Call call;
  call.platform = std::move(scope.platform);
  call.account = std::move(scope.account);
  call.now_ms = clock_.now_ms();
  call.now = call.now_ms / 1000;
  call.settings = &settings_;
  call.request_id = request_id;
  return call;
}

asio::awaitable<PageResponse> HostedPages::handle(const HttpRequest& req, std::string request_id) {
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  std::vector<std::string> parts;
  for (auto s : split_path(path)) parts.emplace_back(s);
  // /intentd/authenticate/:account/:payment_intent
  if (parts.size() == 4 && parts[1] == "authenticate")
    co_return co_await authentication(req, parts, request_id);
  // /intentd/checkout/:account/:session[/return]
  if ((parts.size() == 4 || (parts.size() == 5 && parts[4] == "return")) && parts[1] == "checkout")
    co_return co_await checkout(req, parts, request_id);
  // /intentd/microdeposits/:account/:setup_intent: what Stripe's hosted verification page is
  // for, told for test mode.
  if (parts.size() == 4 && parts[1] == "microdeposits")
    co_return PageResponse{
        200,
        web::message_page(
            "Verify microdeposits",
            "In test mode no money moves. Verify " + parts[3] + " with POST /v1/setup_intents/" +
                parts[3] +
                "/verify_microdeposits and amounts[]=32&amounts[]=45 (or descriptor_code=SM11AA)."),
        {}};
  co_return not_found();
}

asio::awaitable<PageResponse> HostedPages::authentication(const HttpRequest& req,
                                                          const std::vector<std::string>& parts,
                                                          const std::string& request_id) {
  const std::string& account = parts[2];
  const std::string& id = parts[3];
  std::string_view target = req.target();
  const auto q = target.find('?');
  auto query = api::decode_form(q == std::string_view::npos ? "" : target.substr(q + 1));
  if (!query.ok())
    co_return PageResponse{400, web::message_page("Bad request", query.error().message), {}};

  if (req.method() == beast::http::verb::get || req.method() == beast::http::verb::head) {
    Result<resources::AuthenticationView> view = ApiError::internal();
    store_.read([&](store::ReadTxn& txn) {
      view = authentication_view(txn, account, id, param(*query, "client_secret"));
    });
    if (!view.ok()) co_return not_found();
    const std::string action = "/intentd/authenticate/" + account + "/" + id;
    co_return PageResponse{200, web::authentication_page(*view, action), {}};
  }
  if (req.method() != beast::http::verb::post) co_return not_found();

  auto form = api::decode_form(req.body());
  if (!form.ok())
    co_return PageResponse{400, web::message_page("Bad request", form.error().message), {}};
  const std::string result = param(*form, "result");
  if (result != "complete" && result != "fail")
    co_return PageResponse{400, web::message_page("Bad request", "Choose complete or fail."), {}};
  const api::Call call = page_call(account, request_id);
  Result<resources::AuthenticationResult> outcome = ApiError::internal();
  const auto status = co_await async_write(
      store_,
      [&](store::Txn& txn) {
        outcome = store::atomically(txn, [&] {
          return authenticate(txn, call, id, param(*form, "client_secret"), result == "complete");
        });
      },
      asio::use_awaitable);
  if (status != store::CommitStatus::kCommitted)
    co_return PageResponse{500, web::message_page("Something went wrong", "Please try again."), {}};
  if (!outcome.ok()) co_return not_found();
  if (outcome->return_url.empty())
    co_return PageResponse{200, web::authentication_done_page(*outcome), {}};
  co_return PageResponse{303, {}, back_to(*outcome, id)};
}

asio::awaitable<PageResponse> HostedPages::checkout(const HttpRequest& req,
                                                    const std::vector<std::string>& parts,
                                                    const std::string& request_id) {
  const std::string& account = parts[2];
  const std::string& id = parts[3];
  const bool back = parts.size() == 5;
  const std::string action = "/intentd/checkout/" + account + "/" + id;
  const bool get =
      req.method() == beast::http::verb::get || req.method() == beast::http::verb::head;
  checkout::PageForm form;

  auto show = [&](const std::string& error) {
    Result<checkout::PageView> view = ApiError::internal();
    store_.read([&](store::ReadTxn& txn) { view = checkout::page_view(txn, account, id); });
    if (!view.ok()) return not_found();
    if (!error.empty()) view->error = error;
    return PageResponse{200, web::checkout_page(*view, action, form), {}};
  };
  if (get && !back) co_return show("");
  if (back ? !get : req.method() != beast::http::verb::post) co_return not_found();

  if (!back) {
    auto fields = api::decode_form(req.body());
    if (!fields.ok())
      co_return PageResponse{400, web::message_page("Bad request", fields.error().message), {}};
    form.email = param(*fields, "email");
    form.name = param(*fields, "name");
    form.method = param(*fields, "method");  // "" for the session's first method
    form.card_number = param(*fields, "card_number");
    form.card_expiry = param(*fields, "card_expiry");
    form.card_cvc = param(*fields, "card_cvc");
    form.iban = param(*fields, "iban");
    form.user_agent = printable_text(req[beast::http::field::user_agent], kMaxUserAgentBytes);
  }
  const api::Call call = page_call(account, request_id);
  Result<checkout::PageOutcome> outcome = ApiError::internal();
  const auto status = co_await async_write(
      store_,
      [&](store::Txn& txn) {
        outcome = back ? checkout::returned(txn, call, id) : checkout::submit(txn, call, id, form);
      },
      asio::use_awaitable);
  if (status != store::CommitStatus::kCommitted)
    co_return PageResponse{500, web::message_page("Something went wrong", "Please try again."), {}};
  if (!outcome.ok()) co_return not_found();
  if (!outcome->redirect.empty()) co_return PageResponse{303, {}, outcome->redirect};
  co_return show(outcome->error);
}

}  // namespace intentd::http
