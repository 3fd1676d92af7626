// The ledger: every movement of money writes a txn_… balance transaction, and a per-account
// aggregate of their net amounts (by currency, status and source type) moves in the same store
// transaction, so the balance reads one row and always equals the sum of the transactions.
// Captured funds wait in `pending` until their available_on (Settings::funds_available_after_ms
// after the capture), when the "balance.release" job makes them available and emits
// balance.available. The endpoints that show it are in money/balance.h.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/object_type.h"
#include "base/settings.h"
#include "events/event_log.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::resources::ledger {

inline constexpr ObjectType kTransaction{"balance_transaction", "txn"};
inline constexpr std::string_view kReleaseJob = "balance.release";

// available_on (unix seconds) for funds captured at `now_ms`: now + delay, where a delay of a
// day or more lands on 00:00 UTC of that day (as Stripe's are), and a shorter one (tests) on
// the next whole second.
int64_t available_on(int64_t now_ms, int64_t delay_ms);

// The fee of one capture of `amount` when `captured_before` was captured earlier on the same
// charge: priced on the running total, so split captures cost what one capture would.
int64_t capture_fee(std::string_view payment_method_type, int64_t captured_before, int64_t amount,
                    std::string_view currency);

// The balance bucket (source_types key) a payment method type's funds land in.
std::string_view source_type_of(std::string_view payment_method_type);

// One movement of money.
struct Entry {
  std::string id;    // empty: a new txn_ id
  std::string type;  // charge, payment, refund, payment_refund, refund_failure, ...
  std::string reporting_category;
  int64_t amount = 0;  // signed: refunds are negative
  int64_t fee = 0;     // Stripe's processing fee (stripe_fee), taken from the amount
  std::string currency;
  std::string source;                      // ch_…, re_…
  std::optional<std::string> description;  // nullopt: null
  std::string source_type = "card";        // card, bank_account
  bool pending = false;                    // waits until available_on; otherwise available at once
};

// Writes the balance transaction, moves the aggregate, and schedules the release of pending
// funds (or emits balance.available when they are available at once). Returns the object.
boost::json::object record(store::Txn& txn, const events::Origin& origin, const Entry& entry);

// What the ledger needs to know about the payment method that paid a charge.
struct FundsSource {
  std::string payment_method_type = "card";
  bool bypass_pending = false;  // pm_card_bypassPending: straight to the available balance
};
// Reads it from the charge's payment method (its type and test-instrument behaviour).
FundsSource funds_source(store::ReadTxn& txn, std::string_view account,
                         const boost::json::object& charge);

// The charge (card) or payment (bank debit) transaction for `amount` just captured on
// `charge`, whose amount_captured already includes it. Returns the transaction; the caller
// sets charge.balance_transaction. `id` may be pre-allocated (it was shown on the charge).
boost::json::object record_capture(store::Txn& txn, const events::Origin& origin,
                                   const boost::json::object& charge, int64_t amount,
                                   const FundsSource& source, std::string id = {});

// The balance object (GET /v1/balance) of `account`.
boost::json::object current(store::ReadTxn& txn, std::string_view account);

// Makes every pending transaction whose available_on is `at` available, and emits
// balance.available when anything moved. Returns how many moved.
int release(store::Txn& txn, const events::Origin& origin, int64_t at);

// Runs the "balance.release" jobs the ledger schedules, each at its available_on.
class FundsRelease final : public jobs::Handler {
 public:
  FundsRelease(const Clock& clock, const Settings& settings) : clock_(clock), settings_(settings) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::resources::ledger
