#include "resources/payment_intents/payment_intent_settlement.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "base/json_text.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;

namespace {

void settle(store::Txn& txn, const events::Origin& origin, const std::string& pi_id,
            const std::string& charge_id) {
  auto pi = load(txn, origin.account, pi_id);
  if (!pi || !allowed(PaymentIntentOperation::kSettle, pi->status())) return;  // canceled meanwhile
  auto ch = charges::load(txn, origin.account, charge_id);
  if (!ch.ok()) return;
  const std::string pm_id(ch->at("payment_method").as_string());
  auto internal = txn.get_internal(origin.account, payment_methods::kType, pm_id);
  const json::value* bank = internal ? internal->if_contains("bank") : nullptr;
  auto outcome = domain::DebitOutcome::kSucceeds;
  domain::Decline failure;
  if (bank != nullptr && bank->is_object()) {
    outcome =
        static_cast<domain::DebitOutcome>(bank->as_object().at("outcome").to_number<int64_t>());
    if (const json::value* f = bank->as_object().if_contains("failure"); f && f->is_object()) {
      failure.code = f->as_object().at("code").as_string();
      failure.decline_code = f->as_object().at("decline_code").as_string();
      failure.message = f->as_object().at("message").as_string();
    }
  }
  json::object charge = std::move(*ch);
  const json::object before = charge;
  switch (outcome) {
    case domain::DebitOutcome::kStaysProcessing:
      return;
    case domain::DebitOutcome::kSucceeds:
    case domain::DebitOutcome::kDisputed: {
      charges::move(charge, charges::ChargeOperation::kSettle, charges::ChargeStatus::kSucceeded);
      charge["paid"] = true;
      charge["captured"] = true;
      charge["amount_captured"] = charge["amount"];
      charge["balance_transaction"] =
          ledger::record_capture(txn, origin, charge, charge.at("amount").as_int64(),
                                 ledger::funds_source(txn, origin.account, charge))
              .at("id");
      charges::save(txn, origin, charge, before, "charge.succeeded");
      pi->move(PaymentIntentOperation::kSettle, PaymentIntentStatus::kSucceeded);
      pi->object["amount_received"] = pi->amount();
      save(txn, origin, *pi, "payment_intent.succeeded");
      return;
    }
    case domain::DebitOutcome::kFails: {
      charges::move(charge, charges::ChargeOperation::kSettle, charges::ChargeStatus::kFailed);
      charge["failure_code"] = failure.code;
      charge["failure_message"] = failure.message;
      charges::save(txn, origin, charge, before, "charge.failed");
      auto pm = txn.get(origin.account, payment_methods::kType, pm_id);
      json::object error{{"charge", charge_id}, {"code", failure.code}};
      if (!failure.decline_code.empty()) error["decline_code"] = failure.decline_code;
      error["message"] = failure.message;
      error["payment_method"] = pm ? json::value(*pm) : json::value(nullptr);
      error["type"] = "invalid_request_error";
      pi->object["last_payment_error"] = std::move(error);
      pi->object["payment_method"] = nullptr;
      pi->move(PaymentIntentOperation::kSettle, PaymentIntentStatus::kRequiresPaymentMethod);
      save(txn, origin, *pi, "payment_intent.payment_failed");
      return;
    }
  }
}

}  // namespace

void schedule_settlement(store::Txn& txn, const events::Origin& origin,
                         const std::string& payment_intent, const std::string& charge,
                         int64_t extra_delay_ms) {
  store::Job job;
  job.account = origin.account;
  job.kind = std::string(kSettleJob);
  job.payload = json_text(json::object{{"payment_intent", payment_intent},
                                       {"charge", charge},
                                       {"confirmed_ms", origin.now_ms},
                                       {"extra_delay_ms", extra_delay_ms}});
  job.due_ms = origin.now_ms;  // the handler knows the configured delay and waits for it
  txn.enqueue_job(job);
}

void Settlement::run(const store::Job& job, Finish finish) {
  const json::value p = json::parse(job.payload);
  const json::object& o = p.as_object();
  const int64_t due = o.at("confirmed_ms").to_number<int64_t>() + settings_.settlement_delay_ms +
                      o.at("extra_delay_ms").to_number<int64_t>();
  const int64_t now = clock_.now_ms();
  if (now < due) {
    finish(jobs::Outcome::retry_at(due));
    return;
  }
  finish(jobs::Outcome::done([origin = events::Origin::background(job.account, now, settings_),
                              pi = std::string(o.at("payment_intent").as_string()),
                              charge = std::string(o.at("charge").as_string())](store::Txn& txn) {
    settle(txn, origin, pi, charge);
  }));
}

}  // namespace intentd::resources::payment_intents
