#include "resources/payment_intents/payment_intent_expiry.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "base/json_text.h"
#include "resources/money/charges.h"
#include "resources/payment_intents/payment_intent_state.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;

namespace {

void expire(store::Txn& txn, const events::Origin& origin, const std::string& id) {
  auto pi = load(txn, origin.account, id);
  if (!pi || !allowed(PaymentIntentOperation::kExpireAuthorization, pi->status()))
    return;  // captured or canceled
  const json::value& latest = pi->object.at("latest_charge");
  if (!latest.is_string()) return;
  auto ch = charges::load(txn, origin.account, latest.as_string());
  if (!ch.ok()) return;
  json::object charge = std::move(*ch);
  const json::object before = charge;
  const int64_t captured = charge.at("amount_captured").as_int64();
  // What was never captured is released.
  charge["amount_refunded"] = charge.at("amount_refunded").as_int64() +
                              std::max<int64_t>(0, charge.at("amount").as_int64() - captured);
  pi->object["amount_capturable"] = 0;
  if (captured > 0) {
    // Multicapture ends with what it took: the charge counts as captured now.
    charge["captured"] = true;
    charges::save(txn, origin, charge, before, "charge.captured");
    pi->move(PaymentIntentOperation::kExpireAuthorization, PaymentIntentStatus::kSucceeded);
    save(txn, origin, *pi, "payment_intent.succeeded");
    return;
  }
  charge["refunded"] = true;
  charges::save(txn, origin, charge, before, "charge.expired");
  pi->move(PaymentIntentOperation::kExpireAuthorization, PaymentIntentStatus::kCanceled);
  pi->object["canceled_at"] = origin.now_ms / 1000;
  pi->object["cancellation_reason"] = "automatic";
  save(txn, origin, *pi, "payment_intent.canceled");
}

}  // namespace

void schedule_authorization_expiry(store::Txn& txn, const events::Origin& origin,
                                   const std::string& payment_intent) {
  store::Job job;
  job.account = origin.account;
  job.kind = std::string(kExpiryJob);
  job.payload =
      json_text(json::object{{"payment_intent", payment_intent}, {"authorized_ms", origin.now_ms}});
  job.due_ms = origin.now_ms;  // the handler knows the window and waits for its end
  txn.enqueue_job(job);
}

void AuthorizationExpiry::run(const store::Job& job, Finish finish) {
  const json::value p = json::parse(job.payload);
  const int64_t due =
      p.at("authorized_ms").to_number<int64_t>() + settings_.authorization_window_ms;
  const int64_t now = clock_.now_ms();
  if (now < due) {
    finish(jobs::Outcome::retry_at(due));
    return;
  }
  finish(jobs::Outcome::done([origin = events::Origin::background(job.account, now, settings_),
                              id = std::string(p.at("payment_intent").as_string())](
                                 store::Txn& txn) { expire(txn, origin, id); }));
}

}  // namespace intentd::resources::payment_intents
