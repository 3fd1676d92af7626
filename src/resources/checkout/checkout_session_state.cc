#include "resources/checkout/checkout_session_state.h"

#include "base/json_text.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/setup_intents/setup_intent_state.h"

namespace intentd::resources::checkout_sessions {
namespace json = boost::json;

namespace {

store::Record record_of(const Session& s) {
  store::Record r;
  r.type = std::string(kType);
  r.id = s.id();
  r.created = s.object.at("created").as_int64();
  r.data_text = json_text(s.object);
  // Open sessions are the ones the expiry job and the status filter look for.
  r.lookups.emplace_back("status", std::string(s.object.at("status").as_string()));
  if (const auto& c = s.object.at("customer"); c.is_string())
    r.lookups.emplace_back("customer", std::string(c.as_string()));
  if (const auto& p = s.object.at("payment_intent"); p.is_string())
    r.lookups.emplace_back("payment_intent", std::string(p.as_string()));
  r.internal = s.internal;
  return r;
}

}  // namespace

std::optional<Session> load(store::ReadTxn& txn, std::string_view account, std::string_view id) {
  auto o = txn.get(account, kType, id);
  if (!o) return std::nullopt;
  Session s;
  s.object = std::move(*o);
  if (auto internal = txn.get_internal(account, kType, id)) s.internal = std::move(*internal);
  return s;
}

Result<Session> load(store::ReadTxn& txn, const api::Call& call, std::string_view id) {
  auto s = load(txn, call.account, id);
  if (!s) return ApiError::resource_missing("checkout session", id);
  return std::move(*s);
}

void insert(store::Txn& txn, const events::Origin& origin, const Session& s) {
  txn.insert(origin.account, record_of(s));
}

void save(store::Txn& txn, const events::Origin& origin, const Session& s, std::string_view event) {
  const store::Record r = record_of(s);
  txn.update(origin.account, r);
  if (!event.empty()) events::emit(txn, origin, event, r);
}

CheckoutSessionStatus Session::status() const {
  return checkout_session_status(object.at("status").as_string()).value();
}

void Session::move(CheckoutSessionOperation op, CheckoutSessionStatus to) {
  object["status"] = to_string(checkout_session_machine().move(op, status(), to));
}

json::value line_items_list(const Session& s) {
  json::array data;
  if (const json::value* items = s.internal.if_contains("line_items"); items && items->is_array())
    data = items->as_array();
  return json::object{{"object", "list"},
                      {"data", std::move(data)},
                      {"has_more", false},
                      {"url", "/v1/checkout/sessions/" + s.id() + "/line_items"}};
}

void expire(store::Txn& txn, const events::Origin& origin, Session& s) {
  // A payment the customer started but did not finish (declined, or left at 3-D Secure) ends
  // with the session: Stripe cancels the session's PaymentIntent itself.
  if (const json::value& pi_id = s.object.at("payment_intent"); pi_id.is_string())
    if (auto pi = payment_intents::load(txn, origin.account, pi_id.as_string())) {
      using payment_intents::PaymentIntentOperation;
      if (allowed(PaymentIntentOperation::kOwnerExpired, pi->status())) {
        pi->move(PaymentIntentOperation::kOwnerExpired,
                 payment_intents::PaymentIntentStatus::kCanceled);
        pi->object["canceled_at"] = origin.now_ms / 1000;
        pi->object["cancellation_reason"] = "automatic";
        pi->object["next_action"] = nullptr;
        payment_intents::save(txn, origin, *pi, "payment_intent.canceled");
      }
    }
  if (const json::value& seti = s.object.at("setup_intent"); seti.is_string())
    if (auto si = setup_intents::load(txn, origin.account, seti.as_string());
        si && allowed(setup_intents::SetupIntentOperation::kCancel, si->status())) {
      si->object["cancellation_reason"] = "abandoned";
      si->object["next_action"] = nullptr;
      si->move(setup_intents::SetupIntentOperation::kCancel,
               setup_intents::SetupIntentStatus::kCanceled);
      setup_intents::save(txn, origin, *si, "setup_intent.canceled");
    }
  s.move(CheckoutSessionOperation::kExpire, CheckoutSessionStatus::kExpired);
  s.object["url"] = nullptr;
  save(txn, origin, s, "checkout.session.expired");
}

void complete(store::Txn& txn, const events::Origin& origin, Session& s,
              std::string_view payment_status, json::object customer_details) {
  s.move(CheckoutSessionOperation::kComplete, CheckoutSessionStatus::kComplete);
  s.object["payment_status"] = payment_status;
  s.object["customer_details"] = std::move(customer_details);
  s.object["url"] = nullptr;
  s.internal.erase("page_error");
  save(txn, origin, s, "checkout.session.completed");
}

void payment_settled(store::Txn& txn, const events::Origin& origin, std::string_view session_id,
                     bool succeeded) {
  auto s = load(txn, origin.account, session_id);
  // Only a session completed while its debit was still processing waits for the outcome, and
  // only for the first one: a payment confirmed again afterwards is not the session's.
  if (!s || s->object.at("status") != "complete" || s->object.at("payment_status") != "unpaid" ||
      s->internal.contains("debit_settled"))
    return;
  s->internal["debit_settled"] = true;
  if (succeeded) s->object["payment_status"] = "paid";
  save(txn, origin, *s,
       succeeded ? "checkout.session.async_payment_succeeded"
                 : "checkout.session.async_payment_failed");
}

}  // namespace intentd::resources::checkout_sessions
