#include "resources/money/ledger.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <map>
#include <stdexcept>

#include "base/ids.h"
#include "base/json_text.h"
#include "domain/money.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::ledger {
namespace json = boost::json;

namespace {

// The aggregate is an object the API never shows: one per account, beside its transactions.
// {currencies: {usd: {available: {card: n, ...}, pending: {...}}}, releases: [available_on]}
constexpr std::string_view kAggregateType = "balance_aggregate";
constexpr std::string_view kAggregateId = "balance";
constexpr std::string_view kReleaseLookup = "release";
constexpr int64_t kDayMs = 24 * 3600 * 1000LL;
constexpr int kReleaseBatch = 100;

// The ledger must balance: an overflow here is a broken invariant, not bad input (it takes
// ~10^11 maximal payments), so it aborts the request's transaction rather than saturating.
int64_t checked_add(int64_t a, int64_t b) {
  auto r = domain::add(a, b);
  if (!r) throw std::overflow_error("balance ledger overflow");
  return *r;
}

struct Aggregate {
  json::object data;
  bool stored = false;
};

Aggregate load_aggregate(store::ReadTxn& txn, std::string_view account) {
  Aggregate a;
  if (auto o = txn.get(account, kAggregateType, kAggregateId)) {
    a.data = std::move(*o);
    a.stored = true;
  } else {
    a.data = {{"id", kAggregateId},
              {"object", kAggregateType},
              {"created", 0},
              {"currencies", json::object()},
              {"releases", json::array()}};
  }
  return a;
}

void save_aggregate(store::Txn& txn, std::string_view account, Aggregate& a) {
  store::Record r;
  r.type = std::string(kAggregateType);
  r.id = std::string(kAggregateId);
  r.created = 0;
  r.data_text = json_text(a.data);
  if (a.stored) {
    txn.update(account, r);
  } else {
    txn.insert(account, r);
    a.stored = true;
  }
}

// Adds `delta` to the (currency, status, source type) bucket.
void move(Aggregate& a, std::string_view currency, std::string_view status,
          std::string_view source_type, int64_t delta) {
  json::object& currencies = a.data["currencies"].as_object();
  json::value& c = currencies[currency];
  if (!c.is_object()) c = json::object{{"available", json::object()}, {"pending", json::object()}};
  json::object& buckets = c.as_object()[status].as_object();
  json::value& slot = buckets[source_type];
  const int64_t now = slot.is_int64() ? slot.as_int64() : 0;
  slot = checked_add(now, delta);
}

// Remembers that a release job exists for `at`; false when it already did.
bool note_release(Aggregate& a, int64_t at) {
  json::array& releases = a.data["releases"].as_array();
  for (const auto& r : releases)
    if (r.to_number<int64_t>() == at) return false;
  releases.emplace_back(at);
  return true;
}

void forget_release(Aggregate& a, int64_t at) {
  json::array& releases = a.data["releases"].as_array();
  json::array kept;
  for (const auto& r : releases)
    if (r.to_number<int64_t>() != at) kept.push_back(r);
  releases = std::move(kept);
}

void schedule_release(store::Txn& txn, std::string_view account, int64_t at) {
  store::Job job;
  job.account = std::string(account);
  job.kind = std::string(kReleaseJob);
  job.payload = json_text(json::object{{"available_on", at}});
  job.due_ms = at * 1000;
  txn.enqueue_job(job);
}

// One {amount, currency, source_types} row per currency for `status`.
json::array rows(const json::object& currencies, std::string_view status) {
  json::array out;
  for (const auto& row : currencies) {
    int64_t total = 0;
    json::object types;
    for (const auto& kv : row.value().as_object().at(status).as_object()) {
      total = checked_add(total, kv.value().as_int64());
      types[kv.key()] = kv.value();
    }
    if (!types.contains("card")) types["card"] = 0;
    out.push_back(
        json::object{{"amount", total}, {"currency", row.key()}, {"source_types", types}});
  }
  return out;
}

json::object render(const json::object& aggregate) {
  // Currencies in alphabetical order; an account that never moved money shows usd zeros.
  std::map<std::string, json::object> sorted;
  for (const auto& kv : aggregate.at("currencies").as_object())
    sorted.emplace(std::string(kv.key()), kv.value().as_object());
  if (sorted.empty())
    sorted.emplace("usd", json::object{{"available", json::object{{"card", 0}}},
                                       {"pending", json::object{{"card", 0}}}});
  json::object currencies;
  for (auto& [c, b] : sorted) currencies[c] = std::move(b);
  json::array reserved;
  for (const auto& kv : currencies)
    reserved.push_back(json::object{{"amount", 0}, {"currency", kv.key()}});
  return {{"object", "balance"},
          {"available", rows(currencies, "available")},
          {"connect_reserved", std::move(reserved)},
          {"livemode", false},
          {"pending", rows(currencies, "pending")}};
}

store::Record record_of(const json::object& t, std::string_view source_type) {
  store::Record r;
  r.type = std::string(kTransaction);
  r.id = std::string(t.at("id").as_string());
  r.created = t.at("created").as_int64();
  r.data_text = json_text(t);
  // Only `source` is indexed: it picks out a few rows, where type and currency each match a
  // large share of the ledger and are cheaper to check on the rows a page reads.
  r.lookups = {{"source", std::string(t.at("source").as_string())}};
  if (t.at("status").as_string() == "pending")
    r.lookups.emplace_back(kReleaseLookup, std::to_string(t.at("available_on").as_int64()));
  r.internal = json::object{{"source_type", source_type}};
  return r;
}

}  // namespace

int64_t available_on(int64_t now_ms, int64_t delay_ms) {
  const int64_t at_ms = now_ms + delay_ms;
  if (delay_ms >= kDayMs) return (at_ms / kDayMs) * kDayMs / 1000;
  return (at_ms + 999) / 1000;
}

int64_t capture_fee(std::string_view payment_method_type, int64_t captured_before, int64_t amount,
                    std::string_view currency) {
  return domain::processing_fee(payment_method_type, captured_before + amount, currency) -
         domain::processing_fee(payment_method_type, captured_before, currency);
}

std::string_view source_type_of(std::string_view payment_method_type) {
  // Stripe keeps ACH bank debits apart; every other payment method lands in `card`.
  return payment_method_type == "us_bank_account" ? "bank_account" : "card";
}

json::object record(store::Txn& txn, const events::Origin& origin, const Entry& e) {
  const int64_t created = origin.now_ms / 1000;
  const int64_t net = checked_add(e.amount, -e.fee);
  const int64_t on =
      e.pending ? available_on(origin.now_ms, origin.settings->funds_available_after_ms) : created;
  json::array fee_details;
  if (e.fee != 0)
    fee_details.push_back(json::object{{"amount", e.fee},
                                       {"application", nullptr},
                                       {"currency", e.currency},
                                       {"description", "Stripe processing fees"},
                                       {"type", "stripe_fee"}});
  json::object t{
      {"id", e.id.empty() ? new_id(kTransaction, origin.now_ms) : e.id},
      {"object", kTransaction.name},
      {"amount", e.amount},
      {"available_on", on},
      {"balance_type", "payments"},
      {"created", created},
      {"currency", e.currency},
      {"description", e.description ? json::value(*e.description) : json::value(nullptr)},
      {"exchange_rate", nullptr},
      {"fee", e.fee},
      {"fee_details", std::move(fee_details)},
      {"net", net},
      {"reporting_category", e.reporting_category},
      {"source", e.source},
      {"status", e.pending ? "pending" : "available"},
      {"type", e.type},
  };
  txn.insert(origin.account, record_of(t, e.source_type));

  Aggregate a = load_aggregate(txn, origin.account);
  move(a, e.currency, e.pending ? "pending" : "available", e.source_type, net);
  if (e.pending && note_release(a, on)) schedule_release(txn, origin.account, on);
  save_aggregate(txn, origin.account, a);
  // Stripe does not announce negative movements (refunds) with balance.available.
  if (!e.pending && net > 0) events::emit(txn, origin, "balance.available", render(a.data));
  return t;
}

FundsSource funds_source(store::ReadTxn& txn, std::string_view account,
                         const json::object& charge) {
  FundsSource s;
  if (const json::value* d = charge.if_contains("payment_method_details"); d && d->is_object())
    if (const json::value* t = d->as_object().if_contains("type"); t && t->is_string())
      s.payment_method_type = t->as_string();
  const json::value& pm = charge.at("payment_method");
  if (!pm.is_string()) return s;
  // The card's test behaviour, as payment_methods keeps it in the internal state.
  auto internal = txn.get_internal(account, payment_methods::kType, pm.as_string());
  if (!internal) return s;
  if (const json::value* c = internal->if_contains("card"); c && c->is_object())
    if (const json::value* b = c->as_object().if_contains("bypass_pending"); b && b->is_bool())
      s.bypass_pending = b->as_bool();
  return s;
}

json::object record_capture(store::Txn& txn, const events::Origin& origin,
                            const json::object& charge, int64_t amount, const FundsSource& source,
                            std::string id) {
  const std::string currency(charge.at("currency").as_string());
  const int64_t before = charge.at("amount_captured").as_int64() - amount;
  const bool card = source.payment_method_type == "card";
  Entry e;
  e.id = std::move(id);
  e.type = card ? "charge" : "payment";
  e.reporting_category = "charge";
  e.amount = amount;
  e.fee = capture_fee(source.payment_method_type, before, amount, currency);
  e.currency = currency;
  e.source = std::string(charge.at("id").as_string());
  if (const json::value& d = charge.at("description"); d.is_string())
    e.description = std::string(d.as_string());
  e.source_type = std::string(source_type_of(source.payment_method_type));
  // Test ACH debits settle straight into the available balance (SEMANTICS §7.7).
  e.pending = !source.bypass_pending && source.payment_method_type != "us_bank_account";
  return record(txn, origin, e);
}

json::object current(store::ReadTxn& txn, std::string_view account) {
  return render(load_aggregate(txn, account).data);
}

int release(store::Txn& txn, const events::Origin& origin, int64_t at) {
  Aggregate a = load_aggregate(txn, origin.account);
  int moved = 0;
  for (;;) {
    store::ListQuery q;
    q.type = std::string(kTransaction);
    q.lookup = store::LookupFilter{std::string(kReleaseLookup), {std::to_string(at)}};
    q.limit = kReleaseBatch;
    auto page = txn.list(origin.account, q);
    if (!page || page->data.empty()) break;
    for (json::object& t : page->data) {
      const std::string id(t.at("id").as_string());
      auto internal = txn.get_internal(origin.account, kTransaction, id);
      std::string source_type = "card";
      if (internal)
        if (const json::value* s = internal->if_contains("source_type"); s && s->is_string())
          source_type = s->as_string();
      const std::string currency(t.at("currency").as_string());
      const int64_t net = t.at("net").as_int64();
      t["status"] = "available";
      store::Record r = record_of(t, source_type);
      r.internal.reset();  // unchanged
      txn.update(origin.account, r);
      move(a, currency, "pending", source_type, -net);
      move(a, currency, "available", source_type, net);
      ++moved;
    }
  }
  forget_release(a, at);
  if (a.stored || moved > 0) save_aggregate(txn, origin.account, a);
  if (moved > 0) events::emit(txn, origin, "balance.available", render(a.data));
  return moved;
}

void FundsRelease::run(const store::Job& job, Finish finish) {
  const json::value p = json::parse(job.payload);
  const int64_t at = p.as_object().at("available_on").to_number<int64_t>();
  const int64_t now = clock_.now_ms();
  if (now < at * 1000) {
    finish(jobs::Outcome::retry_at(at * 1000));
    return;
  }
  finish(jobs::Outcome::done([origin = events::Origin::background(job.account, now, settings_),
                              at](store::Txn& txn) { release(txn, origin, at); }));
}

}  // namespace intentd::resources::ledger
