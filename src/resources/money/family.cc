#include "resources/money/family.h"

#include "resources/money/balance.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/money/refunds.h"

namespace intentd::resources::money {

namespace {

void add_expandables(api::ExpandRules& rules) {
  charges::add_expandables(rules);
  refunds::add_expandables(rules);
  balance::add_expandables(rules);
}

}  // namespace

Family family() {
  return Family{
      .name = "money",
      .objects = {charges::kType, refunds::kType, ledger::kTransaction},
      .routes =
          {
              // Charges
              get("/v1/charges/:id", charges::retrieve, charges::kType, no_params()),
              get("/v1/charges", charges::list, charges::kType, charges::list_params(),
                  Returns::kList),
              get("/v1/charges/:charge/refunds", refunds::list_for_charge, refunds::kType,
                  refunds::charge_list_params(), Returns::kList),
              get("/v1/charges/:charge/refunds/:id", refunds::retrieve_for_charge, refunds::kType,
                  no_params()),

              // Refunds
              post("/v1/refunds", refunds::create, refunds::kType, refunds::create_params()),
              get("/v1/refunds/:id", refunds::retrieve, refunds::kType, no_params()),
              post("/v1/refunds/:id", refunds::update, refunds::kType, refunds::update_params()),
              get("/v1/refunds", refunds::list, refunds::kType, refunds::list_params(),
                  Returns::kList),
              post("/v1/refunds/:id/cancel", refunds::cancel, refunds::kType, no_params()),
              post("/v1/test_helpers/refunds/:id/expire", refunds::expire, refunds::kType,
                   no_params()),

              // Balance
              get("/v1/balance", balance::retrieve_balance, balance::kBalance, no_params()),
              get("/v1/balance_transactions/:id", balance::retrieve_transaction,
                  ledger::kTransaction, no_params()),
              get("/v1/balance_transactions", balance::list_transactions, ledger::kTransaction,
                  balance::list_params(), Returns::kList),
          },
      .expandables = add_expandables,
      .jobs = {{refunds::kSettleJob, make_job<refunds::Settlement>},
               {ledger::kReleaseJob, make_job<ledger::FundsRelease>}},
      .events = {"charge.succeeded", "charge.pending", "charge.failed", "charge.captured",
                 "charge.expired", "charge.refunded", "charge.updated", "charge.refund.updated",
                 "refund.created", "refund.updated", "refund.failed", "balance.available"},
  };
}

}  // namespace intentd::resources::money
