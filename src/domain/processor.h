// The processor simulator: the one place that knows Stripe's test instruments (card numbers,
// pm_card_* tokens, SEPA IBANs, US bank account numbers) and what each does when a payment
// or a setup uses it: succeed, decline with a code, ask for authentication, or settle later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intentd::domain {

// Why a payment failed, as Stripe reports it (error.code, error.decline_code, message).
struct Decline {
  std::string code;          // card_declined, expired_card, incorrect_cvc, processing_error, ...
  std::string decline_code;  // generic_decline, insufficient_funds, ... ("" when none)
  std::string message;       // Stripe's customer-facing message, e.g. "Your card was declined."
  std::string param;         // error.param: "cvc" (incorrect_cvc), "exp_month" (expired_card)
};

// The 402 card_error a card decline is shown as (type card_error, code, decline_code,
// message, param). Callers add error.payment_intent / charge / payment_method to `extra`.
ApiError card_error(const Decline& decline);

// What using a card does.
enum class CardBehavior {
  kSucceeds,
  kDeclines,                     // every payment fails with `decline`; cannot be attached
  kAttachesThenDeclines,         // 4000000000000341: attaching works, every charge fails
  kAuthenticationRequired,       // 4000002760003184, 3220: every payment needs 3-D Secure
  kAuthenticationUnlessSetUp,    // 4000002500003155: off-session needs it unless set up
  kAuthenticationOnSessionOnly,  // 4000003800000446: set up already; off-session succeeds
  kAuthenticationThenDeclines,   // 4000008260003178, 1629: authenticates, then `decline`
};

struct CardProfile {
  std::string brand;    // visa, mastercard, amex, discover, diners, jcb, unionpay, unknown
  std::string funding;  // credit, debit, prepaid, unknown
  std::string country;  // two-letter, e.g. "US"
  std::string last4;
  int64_t exp_month = 0;
  int64_t exp_year = 0;
  std::string fingerprint;  // the same number always gives the same fingerprint
  CardBehavior behavior = CardBehavior::kSucceeds;
  Decline decline;                       // for the declining behaviors
  bool three_d_secure_supported = true;  // false for Amex
  bool multicapture = false;             // request_multicapture=if_available → available
  bool overcapture = false;              // request_overcapture=if_available → available
  bool incremental_authorization = false;
  bool bypass_pending = false;  // funds go straight to the available balance
  enum class Refunds {
    kSucceed,
    kPendingThenSucceed,
    kSucceedThenFail
  } refunds = Refunds::kSucceed;
  // A successful charge on these cards is then disputed (§7.5); kEarlyFraudWarning creates an
  // early fraud warning rather than a dispute; kMultiple opens more than one dispute.
  enum class Disputes {
    kNone,
    kFraudulent,
    kProductNotReceived,
    kInquiry,
    kEarlyFraudWarning,
    kMultiple
  } disputes = Disputes::kNone;
  // Radar: outcome.risk_level of a charge (normal, elevated, highest).
  std::string risk_level = "normal";
  // payment_method_details.card.checks when the value was supplied: pass, fail, unavailable.
  // (A check whose value was not supplied renders as null; that is the caller's business.)
  std::string cvc_check = "pass";
  std::string address_line1_check = "pass";
  std::string address_postal_code_check = "pass";
};

// A card given by its details (card[number|exp_month|exp_year|cvc]). Test numbers get their
// documented behaviour; any other number passing the Luhn check succeeds as its brand.
// Invalid details are card_errors: incorrect_number, invalid_expiry_month,
// invalid_expiry_year, invalid_cvc (status 402, param card[...]). `now` is unix seconds.
// Spaces and dashes in the number are ignored; a two-digit exp_year means 20yy; an empty
// cvc means none was given.
Result<CardProfile> card_from_details(std::string_view number, int64_t exp_month, int64_t exp_year,
                                      std::string_view cvc, int64_t now);

// A test token such as pm_card_visa, pm_card_visa_chargeDeclined (and the older
// pm_card_chargeDeclined spellings), tok_visa; nullopt when the token is not one. Its card
// expires in the month of `now` (unix seconds) next year, as Stripe's test tokens do.
// Every pm_card_<name> has a tok_<name> twin.
std::optional<CardProfile> card_from_token(std::string_view token, int64_t now);

// The brand a card number's prefix names ("unknown" when none); `digits` holds digits only.
std::string_view card_brand(std::string_view digits);
// The Luhn (mod 10) check; false for an empty or non-numeric string.
bool luhn_valid(std::string_view digits);

// What happens when a payment (or setup) uses a card.
enum class Verdict { kSucceed, kRequiresAction, kDecline };
struct Attempt {
  bool off_session = false;             // the customer is not there to authenticate
  bool set_up_for_off_session = false;  // the card was set up (SetupIntent / setup_future_usage)
  bool authenticated = false;           // the 3-D Secure step was completed
  bool is_setup = false;                // a SetupIntent rather than a payment
};
struct CardDecision {
  Verdict verdict = Verdict::kSucceed;
  Decline decline;  // kDecline: why (authentication_required when off-session needs 3DS)
};
CardDecision decide(const CardProfile& card, const Attempt& attempt);

// Whether a card may be attached to a customer (declining test cards may not).
Status check_attachable(const CardProfile& card);

// Bank debits: SEPA Direct Debit and US bank accounts (ACH).
enum class DebitOutcome {
  kSucceeds,         // processing, then succeeded after the settlement delay
  kFails,            // processing, then failed with `failure`
  kStaysProcessing,  // never settles (000000000009)
  kDisputed,         // succeeds, then a dispute (recorded; disputes arrive later)
};
struct BankProfile {
  std::string type;  // sepa_debit, us_bank_account
  std::string country;
  std::string bank_code;       // SEPA: from the IBAN
  std::string branch_code;     // SEPA: from the IBAN
  std::string routing_number;  // ACH
  std::string last4;
  std::string fingerprint;
  std::string bank_name;  // ACH: "STRIPE TEST BANK"
  DebitOutcome outcome = DebitOutcome::kSucceeds;
  // kFails: the Charge's failure_code / failure_message (insufficient_funds, account_closed,
  // generic_could_not_process, ...); decline_code is empty. debit_failure_error() gives the
  // PaymentIntent's last_payment_error.
  Decline failure;
  int64_t extra_delay_ms = 0;  // the "Delayed" variants settle at least 3 minutes later
  // ACH 000000004954: Radar blocks the payment at confirm (no processing); `failure` says why.
  bool blocked_by_radar = false;
  // ACH 000666666661: microdeposits cannot be sent, so microdeposit verification fails.
  bool microdeposits_fail = false;
  // ACH pm_usBankAccount_* tokens stand for accounts linked through Financial Connections:
  // verified at once. Accounts given by their numbers are verified with microdeposits.
  bool instantly_verified = false;
};

// A SEPA IBAN (spaces allowed); invalid IBANs (bad checksum, unknown country) are 400
// invalid_request_error with param sepa_debit[iban].
Result<BankProfile> sepa_from_iban(std::string_view iban);
// pm_success_de, pm_failed_de, pm_success_at, ...; nullopt when not one.
std::optional<BankProfile> sepa_from_token(std::string_view token);
// ACH with routing 110000000 and the documented account numbers; other valid numbers succeed.
// Invalid numbers are 400 invalid_request_error with param us_bank_account[routing_number]
// (code routing_number_invalid) or us_bank_account[account_number] (account_number_invalid).
Result<BankProfile> us_bank_from_details(std::string_view routing_number,
                                         std::string_view account_number);
// pm_usBankAccount_success, pm_usBankAccount_insufficientFunds, ...; nullopt when not one.
std::optional<BankProfile> us_bank_from_token(std::string_view token);

// The PaymentIntent's last_payment_error (and SetupIntent's last_setup_error) when a bank
// debit fails: type invalid_request_error, code payment_intent_payment_attempt_failed,
// message "The payment failed.", decline_code the specific failure code when there is one.
ApiError debit_failure_error(const BankProfile& bank);

// Every token card_from_token, sepa_from_token and us_bank_from_token accept (for tests).
std::vector<std::string> known_test_tokens();

}  // namespace intentd::domain
