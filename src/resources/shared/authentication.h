// 3-D Secure through intentd's hosted authentication page, for PaymentIntents and SetupIntents
// alike: the next_action pointing to the page, and what the page shows and reports back. Each
// intent answers the page itself (payment_intent_authentication.h, setup_intent_authentication.h).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/call.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources {

struct AuthenticationView {
  std::string object;  // payment_intent or setup_intent
  std::string id;
  std::string client_secret;
  int64_t amount = 0;    // payments only
  std::string currency;  // payments only
  std::string card_brand;
  std::string card_last4;
  std::string status;     // the intent's status now
  bool awaiting = false;  // true while the intent waits for this authentication
};

struct AuthenticationResult {
  std::string object;           // payment_intent or setup_intent
  std::string status;           // the intent's status afterwards
  std::string redirect_status;  // succeeded, processing or failed
  std::string return_url;       // "" when confirmed without one (Stripe.js)
  std::string client_secret;
};

// The next_action of an intent that waits for authentication: redirect_to_url when the
// confirmation gave a return_url (and did not ask for use_stripe_sdk), use_stripe_sdk otherwise.
boost::json::object authentication_next_action(const api::Call& call, std::string_view id,
                                               std::string_view client_secret);

// The card a payment method id names, for the page ("" when it is not a card).
void describe_card(store::ReadTxn& txn, std::string_view account, const boost::json::value& pm,
                   AuthenticationView& view);

}  // namespace intentd::resources
