#include "resources/money/refunds.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "base/json_text.h"
#include "domain/money.h"
#include "domain/processor.h"
#include "events/event_log.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/money/refund_status.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::refunds {
namespace json = boost::json;
using api::Call;
using api::Param;
using Behaviour = domain::CardProfile::Refunds;

namespace {

constexpr int kListedOnCharge = 10;  // charge.refunds shows the latest ten

store::Record record_of(const json::object& refund) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(refund.at("id").as_string());
  r.created = refund.at("created").as_int64();
  r.data_text = json_text(refund);
  r.lookups.emplace_back("charge", std::string(refund.at("charge").as_string()));
  if (const json::value& pi = refund.at("payment_intent"); pi.is_string())
    r.lookups.emplace_back("payment_intent", std::string(pi.as_string()));
  return r;
}

// Saves a changed refund and emits `types` about it; *.updated ones carry what changed.
void save(store::Txn& txn, const events::Origin& origin, const json::object& refund,
          const json::object& before, std::initializer_list<std::string_view> types) {
  txn.update(origin.account, record_of(refund));
  const json::object prev = events::previous_attributes(before, refund);
  for (std::string_view type : types)
    events::emit(txn, origin, type, refund, type.ends_with(".updated") ? &prev : nullptr);
}

// How the card that paid `charge` refunds (every other instrument refunds at once).
Behaviour behaviour_of(store::ReadTxn& txn, std::string_view account, const json::object& charge) {
  const json::value& pm = charge.at("payment_method");
  if (!pm.is_string()) return Behaviour::kSucceed;
  auto internal = txn.get_internal(account, payment_methods::kType, pm.as_string());
  if (!internal) return Behaviour::kSucceed;
  const json::value* card = internal->if_contains("card");
  if (card == nullptr || !card->is_object()) return Behaviour::kSucceed;
  const json::value* r = card->as_object().if_contains("refunds");
  return r != nullptr && r->is_number() ? static_cast<Behaviour>(r->to_number<int64_t>())
                                        : Behaviour::kSucceed;
}

RefundStatus status_of(const json::object& refund) {
  return refund_status(refund.at("status").as_string()).value();
}

// Moves `refund` to `to` by `op`; a move the table of refund_status.h does not allow throws
// std::logic_error.
void move(json::object& refund, RefundOperation op, RefundStatus to) {
  refund["status"] = to_string(refund_machine().move(op, status_of(refund), to));
}

bool holds_funds(std::string_view status) {
  return status == "pending" || status == "succeeded" || status == "requires_action";
}

std::string description_for(const json::object& charge) {
  const json::value& d = charge.at("description");
  return d.is_string() ? "REFUND FOR CHARGE (" + std::string(d.as_string()) + ")"
                       : std::string("REFUND FOR PAYMENT");
}

// The balance transaction of a refund (money out) or of its reversal (money back in).
json::object record_movement(store::Txn& txn, const events::Origin& origin,
                             const json::object& refund, const json::object& charge,
                             bool reversal) {
  const ledger::FundsSource source = ledger::funds_source(txn, origin.account, charge);
  const bool card = source.payment_method_type == "card";
  ledger::Entry e;
  e.type = reversal ? "refund_failure" : card ? "refund" : "payment_refund";
  e.reporting_category = reversal ? "refund_failure" : "refund";
  const int64_t amount = refund.at("amount").as_int64();
  e.amount = reversal ? amount : -amount;
  e.currency = std::string(refund.at("currency").as_string());
  e.source = std::string(refund.at("id").as_string());
  e.description = reversal ? "REFUND FAILURE" : description_for(charge);
  e.source_type = std::string(ledger::source_type_of(source.payment_method_type));
  return ledger::record(txn, origin, e);
}

void schedule_settlement(store::Txn& txn, const events::Origin& origin, const std::string& refund,
                         std::string_view action) {
  store::Job job;
  job.account = origin.account;
  job.kind = std::string(kSettleJob);
  job.payload = json_text(
      json::object{{"refund", refund}, {"action", action}, {"created_ms", origin.now_ms}});
  job.due_ms = origin.now_ms;  // the handler knows the configured delay and waits for it
  txn.enqueue_job(job);
}

// The refund's money comes back: `op` moves it to `to` (failed, canceled), a refund_failure
// transaction returns the amount to the balance, and the charge's amount_refunded drops.
void reverse(store::Txn& txn, const events::Origin& origin, json::object& refund,
             RefundOperation op, RefundStatus to, std::string_view failure_reason) {
  auto ch = charges::load(txn, origin.account, refund.at("charge").as_string());
  if (!ch.ok()) return;
  json::object charge = std::move(*ch);
  const json::object charge_before = charge;
  const json::object t = record_movement(txn, origin, refund, charge, /*reversal=*/true);
  move(refund, op, to);
  refund.erase("pending_reason");
  refund["failure_balance_transaction"] = t.at("id");
  if (!failure_reason.empty()) refund["failure_reason"] = failure_reason;
  charge["amount_refunded"] = std::max<int64_t>(
      0, charge.at("amount_refunded").as_int64() - refund.at("amount").as_int64());
  charge["refunded"] = false;
  charges::save(txn, origin, charge, charge_before, "charge.updated");
}

ApiError no_successful_charge(const json::object& charge) {
  const json::value& pi = charge.at("payment_intent");
  if (pi.is_string())
    return ApiError::invalid_request("This PaymentIntent (" + std::string(pi.as_string()) +
                                     ") does not have a successful charge to refund.");
  return ApiError::invalid_request("Charge " + std::string(charge.at("id").as_string()) +
                                   " has not been captured and cannot be refunded.");
}

// The charge a create request names: `charge`, or the PaymentIntent's latest charge.
Result<json::object> charge_to_refund(const Call& call, store::ReadTxn& txn) {
  const json::value* pi_param = call.param("payment_intent");
  const json::value* ch_param = call.param("charge");
  if (pi_param == nullptr && ch_param == nullptr) return ApiError::parameter_missing("charge");
  if (ch_param != nullptr) {
    INTENTD_ASSIGN_OR_RETURN(json::object ch, api::load_object(txn, call, charges::kType,
                                                               ch_param->as_string(), "charge"));
    if (pi_param != nullptr) {
      const json::value& owner = ch.at("payment_intent");
      if (!owner.is_string() || owner.as_string() != pi_param->as_string())
        return ApiError::invalid_request("Charge " + std::string(ch_param->as_string()) +
                                             " does not belong to PaymentIntent " +
                                             std::string(pi_param->as_string()) + ".",
                                         "charge");
    }
    return ch;
  }
  INTENTD_ASSIGN_OR_RETURN(
      json::object pi,
      api::load_object(txn, call, payment_intents::kType, pi_param->as_string(), "payment_intent"));
  const json::value& latest = pi.at("latest_charge");
  if (!latest.is_string())
    return ApiError::invalid_request("This PaymentIntent (" + std::string(pi_param->as_string()) +
                                     ") does not have a successful charge to refund.");
  return api::load_object(txn, call, charges::kType, latest.as_string(), "payment_intent");
}

}  // namespace

int64_t refunded_amount(store::ReadTxn& txn, std::string_view account, std::string_view charge) {
  int64_t total = 0;
  store::ListQuery q;
  q.type = std::string(kType);
  q.lookup = store::LookupFilter{"charge", {std::string(charge)}};
  q.limit = 100;
  for (;;) {
    auto page = txn.list(account, q);
    if (!page) break;
    for (const auto& r : page->data)
      if (holds_funds(r.at("status").as_string())) total += r.at("amount").as_int64();
    if (!page->has_more || page->data.empty()) break;
    q.starting_after = std::string(page->data.back().at("id").as_string());
  }
  return total;
}

Param create_params() {
  return Param::hash({
      {"amount", Param::integer().min(1)},
      {"charge", Param::string()},
      {"currency", Param::unsupported()},
      {"customer", Param::unsupported()},
      {"instructions_email", Param::unsupported()},
      {"metadata", Param::metadata()},
      {"origin", Param::unsupported()},
      {"payment_intent", Param::string()},
      {"reason", Param::one_of({"duplicate", "fraudulent", "requested_by_customer"})},
      {"refund_application_fee", Param::unsupported()},
      {"reverse_transfer", Param::unsupported()},
  });
}

Param update_params() {
  return Param::hash({{"metadata", Param::metadata()}});
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"charge", Param::string()}, {"payment_intent", Param::string()}});
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object charge, charge_to_refund(call, txn));
  const std::string charge_id(charge.at("id").as_string());
  const std::string currency(charge.at("currency").as_string());
  const int64_t captured = charge.at("amount_captured").as_int64();
  if (charge.at("status").as_string() != "succeeded" || captured <= 0)
    return no_successful_charge(charge);

  // What may still be refunded: what was captured, less the refunds that hold funds. (A
  // multicapture intent still in requires_capture refunds up to what it has received.)
  const int64_t refunded = refunded_amount(txn, call.account, charge_id);
  const int64_t remaining = captured - refunded;
  if (remaining <= 0 && charge.at("captured").as_bool())
    return ApiError::invalid_request("Charge " + charge_id + " has already been refunded.", {},
                                     "charge_already_refunded");
  const int64_t amount =
      call.param("amount") ? call.param("amount")->as_int64() : std::max<int64_t>(0, remaining);
  if (amount > remaining || amount <= 0)
    return ApiError::invalid_request(
        "Refund amount (" + domain::format_amount(amount, currency) + ") is greater than " +
            (refunded == 0 ? "charge amount (" : "unrefunded amount on charge (") +
            domain::format_amount(std::max<int64_t>(0, remaining), currency) + ")",
        "amount");

  const events::Origin origin = events::Origin::of(call);
  const Behaviour behaviour = behaviour_of(txn, call.account, charge);
  const bool pending = behaviour == Behaviour::kPendingThenSucceed;
  json::object refund{
      {"id", new_id(kType, origin.now_ms)},
      {"object", kType.name},
      {"amount", amount},
      {"balance_transaction", nullptr},
      {"charge", charge_id},
      {"created", call.now},
      {"currency", currency},
      {"customer", nullptr},
      {"customer_account", nullptr},
  };
  if (charge.at("payment_method_details").as_object().at("type").as_string() == "card")
    refund["destination_details"] =
        json::object{{"card", json::object{{"type", "reversal"}}}, {"type", "card"}};
  refund["metadata"] = call.param("metadata") && call.param("metadata")->is_object()
                           ? *call.param("metadata")
                           : json::value(json::object());
  refund["payment_intent"] = charge.at("payment_intent");
  refund["payment_method"] = nullptr;
  if (pending) refund["pending_reason"] = "processing";
  refund["reason"] = call.param("reason") ? *call.param("reason") : json::value(nullptr);
  refund["receipt_number"] = nullptr;
  refund["source_transfer_reversal"] = nullptr;
  refund["status"] = pending ? "pending" : "succeeded";
  refund["transfer_reversal"] = nullptr;

  // The money leaves the balance now, also while the refund is pending.
  refund["balance_transaction"] =
      record_movement(txn, origin, refund, charge, /*reversal=*/false).at("id");
  txn.insert(call.account, record_of(refund));
  events::emit(txn, origin, "refund.created", refund);

  const json::object charge_before = charge;
  charge["amount_refunded"] = charge.at("amount_refunded").as_int64() + amount;
  // Refunded in full only once the charge is final (captured) and nothing is left of it.
  charge["refunded"] = charge.at("captured").as_bool() &&
                       charge.at("amount_refunded").as_int64() >= charge.at("amount").as_int64();
  charges::save(txn, origin, charge, charge_before, "charge.refunded");

  const std::string id(refund.at("id").as_string());
  if (behaviour == Behaviour::kPendingThenSucceed) schedule_settlement(txn, origin, id, "succeed");
  if (behaviour == Behaviour::kSucceedThenFail) schedule_settlement(txn, origin, id, "fail");
  return json::value(std::move(refund));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object r, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(r));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object r, api::load_object(txn, call, kType, call.arg(0)));
  const json::object before = r;
  if (const json::value* m = call.param("metadata")) {
    if (!r["metadata"].is_object()) r["metadata"] = json::object();
    INTENTD_TRY(api::merge_metadata(r["metadata"].as_object(), *m));
  }
  events::update(txn, call, record_of(r), before);
  return json::value(std::move(r));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  const json::value* charge = call.param("charge");
  const json::value* pi = call.param("payment_intent");
  if (charge != nullptr)
    q.lookup = store::LookupFilter{"charge", {std::string(charge->as_string())}};
  else if (pi != nullptr)
    q.lookup = store::LookupFilter{"payment_intent", {std::string(pi->as_string())}};
  if (charge != nullptr && pi != nullptr)
    q.keep = [want = std::string(pi->as_string())](const json::object& o) {
      return o.at("payment_intent").is_string() && o.at("payment_intent").as_string() == want;
    };
  return api::list_page(call, txn, q);
}

Param charge_list_params() {
  return Param::hash(api::list_params());
}

Result<json::value> list_for_charge(const Call& call, store::ReadTxn& txn) {
  INTENTD_TRY(api::load_object(txn, call, charges::kType, call.arg(0)));
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  q.lookup = store::LookupFilter{"charge", {std::string(call.arg(0))}};
  return api::list_page(call, txn, q);
}

Result<json::value> retrieve_for_charge(const Call& call, store::ReadTxn& txn) {
  INTENTD_TRY(api::load_object(txn, call, charges::kType, call.arg(0)));
  INTENTD_ASSIGN_OR_RETURN(json::object r, api::load_object(txn, call, kType, call.arg(1)));
  if (const json::value& c = r.at("charge"); !c.is_string() || c.as_string() != call.arg(0))
    return ApiError::resource_missing(kType, call.arg(1));
  return json::value(std::move(r));
}

Result<json::value> cancel(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object r, api::load_object(txn, call, kType, call.arg(0)));
  const RefundStatus from = status_of(r);
  if (!allowed(RefundOperation::kCancel, from))
    return unexpected_state(RefundOperation::kCancel, from, r.at("id").as_string());
  const events::Origin origin = events::Origin::of(call);
  const json::object before = r;
  reverse(txn, origin, r, RefundOperation::kCancel, RefundStatus::kCanceled, {});
  save(txn, origin, r, before, {"refund.updated", "charge.refund.updated"});
  return json::value(std::move(r));
}

Result<json::value> expire(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object r, api::load_object(txn, call, kType, call.arg(0)));
  const RefundStatus from = status_of(r);
  if (!allowed(RefundOperation::kExpire, from))
    return unexpected_state(RefundOperation::kExpire, from, r.at("id").as_string());
  const events::Origin origin = events::Origin::of(call);
  const json::object before = r;
  reverse(txn, origin, r, RefundOperation::kExpire, RefundStatus::kCanceled, {});
  save(txn, origin, r, before, {"refund.updated", "charge.refund.updated"});
  return json::value(std::move(r));
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "charge", charges::kType);
  rules.add(kType, "payment_intent", payment_intents::kType);
  rules.add(kType, "balance_transaction", ledger::kTransaction);
  rules.add(kType, "failure_balance_transaction", ledger::kTransaction);
  rules.add_computed(
      charges::kType, "refunds",
      [](const json::object& charge, std::string_view account, store::ReadTxn& txn) -> json::value {
        const std::string id(charge.at("id").as_string());
        store::ListQuery q;
        q.type = std::string(kType);
        q.lookup = store::LookupFilter{"charge", {id}};
        q.limit = kListedOnCharge;
        auto page = txn.list(account, q);
        json::array data;
        bool more = false;
        if (page) {
          for (auto& r : page->data) data.emplace_back(std::move(r));
          more = page->has_more;
        }
        return json::object{{"object", "list"},
                            {"data", std::move(data)},
                            {"has_more", more},
                            {"url", "/v1/charges/" + id + "/refunds"}};
      });
}

void Settlement::run(const store::Job& job, Finish finish) {
  const json::value p = json::parse(job.payload);
  const json::object& o = p.as_object();
  const int64_t due = o.at("created_ms").to_number<int64_t>() + settings_.settlement_delay_ms;
  const int64_t now = clock_.now_ms();
  if (now < due) {
    finish(jobs::Outcome::retry_at(due));
    return;
  }
  finish(jobs::Outcome::done([origin = events::Origin::background(job.account, now, settings_),
                              id = std::string(o.at("refund").as_string()),
                              action = std::string(o.at("action").as_string())](store::Txn& txn) {
    auto found = txn.get(origin.account, kType, id);
    if (!found) return;
    json::object r = std::move(*found);
    const json::object before = r;
    const RefundStatus status = status_of(r);
    if (action == "succeed" && allowed(RefundOperation::kSettle, status)) {
      move(r, RefundOperation::kSettle, RefundStatus::kSucceeded);
      r.erase("pending_reason");
      save(txn, origin, r, before, {"refund.updated", "charge.refund.updated"});
    } else if (action == "fail" && allowed(RefundOperation::kFail, status)) {
      reverse(txn, origin, r, RefundOperation::kFail, RefundStatus::kFailed,
              "expired_or_canceled_card");
      save(txn, origin, r, before, {"refund.updated", "refund.failed", "charge.refund.updated"});
    }
    // Anything else: canceled (or settled) meanwhile.
  }));
}

}  // namespace intentd::resources::refunds
