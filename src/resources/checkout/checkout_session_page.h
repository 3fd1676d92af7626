// The hosted checkout page's side of a Checkout Session: what the page shows, what submitting
// its form does (a payment or a setup with the details entered, through the PaymentIntent and
// SetupIntent code, as Stripe's page does with Stripe.js), and the way back from 3-D Secure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::checkout_sessions {

struct PageLine {
  std::string description;
  int64_t quantity = 0;
  int64_t amount = 0;
};

struct PageView {
  std::string id;
  std::string status;  // open, complete or expired
  std::string mode;    // payment, setup or subscription
  std::string currency;
  std::vector<PageLine> lines;
  int64_t total = 0;
  std::string email;        // already known (customer_email or the customer's)
  bool card = false;        // the session offers cards
  bool sepa = false;        // the session offers SEPA Direct Debit
  std::string cancel_url;   // "" when none
  std::string success_url;  // with the session id filled in; "" when none
  std::string error;        // what went wrong with the last attempt
};

// What the page shows for session `id` of `account` (404 when there is none).
Result<PageView> page_view(store::ReadTxn& txn, std::string_view account, std::string_view id);

// What the customer typed.
struct PageForm {
  std::string email;
  std::string name;
  std::string method;  // card or sepa_debit
  std::string card_number;
  std::string card_expiry;  // MM / YY
  std::string card_cvc;
  std::string iban;
  std::string user_agent;  // for a SEPA mandate's online acceptance
};

// Where the browser goes next: `redirect` (success_url, the 3-D Secure page, or the page
// itself), or the page again with `error`.
struct PageOutcome {
  std::string redirect;
  std::string error;
};

// Pays (payment mode) or sets up (setup mode) with what the customer entered. `call` acts for
// the session's account.
Result<PageOutcome> submit(store::Txn& txn, const api::Call& call, std::string_view id,
                           const PageForm& form);

// Back from 3-D Secure: completes the session when the payment or setup went through, or
// shows the page again with why it did not. The 3-D Secure page's answer does the same at once
// (checkout_session_intents.cc), whether or not the browser ever comes back.
Result<PageOutcome> returned(store::Txn& txn, const api::Call& call, std::string_view id);

// The page's address: /intentd/checkout/:account/:id under the configured public URL.
std::string page_url(const api::Call& call, std::string_view id);

}  // namespace intentd::resources::checkout_sessions
