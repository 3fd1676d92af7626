// Refunds: /v1/refunds create (of a charge or a PaymentIntent's charge, whole or partial),
// retrieve, update (metadata), list and cancel, and the expire test helper. Each refund moves
// the charge's amount_refunded and writes a `refund` balance transaction; the pendingRefund and
// refundFail test cards change the refund's status later, through a "refund.settle" job.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/clock.h"
#include "base/object_type.h"
#include "base/result.h"
#include "base/settings.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::resources::refunds {

inline constexpr ObjectType kType{"refund", "re"};
inline constexpr std::string_view kSettleJob = "refund.settle";

api::Param create_params();
api::Param update_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
// GET /v1/charges/:charge/refunds and /v1/charges/:charge/refunds/:id.
api::Param charge_list_params();
Result<boost::json::value> list_for_charge(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> retrieve_for_charge(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> cancel(const api::Call& call, store::Txn& txn);
// POST /v1/test_helpers/refunds/:id/expire
Result<boost::json::value> expire(const api::Call& call, store::Txn& txn);

// What refunds a charge has taken so far: the amount of those not failed or canceled.
int64_t refunded_amount(store::ReadTxn& txn, std::string_view account, std::string_view charge);

// refund.charge, refund.payment_intent, refund.balance_transaction, and charge.refunds (a
// list of the charge's latest refunds, present only when expanded).
void add_expandables(api::ExpandRules& rules);

// Runs the later outcome of a refund on the pendingRefund (pending → succeeded) and
// refundFail (succeeded → failed) test cards, the settlement delay after the refund was created.
class Settlement final : public jobs::Handler {
 public:
  Settlement(const Clock& clock, const Settings& settings) : clock_(clock), settings_(settings) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::resources::refunds
