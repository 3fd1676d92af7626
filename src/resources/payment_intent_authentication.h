// The 3-D Secure step of a PaymentIntent, as intentd's hosted authentication page drives it:
// what the page shows, and what completing or failing the authentication does to the intent.
#pragma once

#include <string>

#include "api/result.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

struct AuthenticationView {
  std::string payment_intent;
  std::string client_secret;
  int64_t amount = 0;
  std::string currency;
  std::string card_brand;
  std::string card_last4;
  std::string status;     // the intent's status now
  bool awaiting = false;  // true while the intent waits for this authentication
};

// What the page shows for an intent; the client_secret must match (404 otherwise).
api::Result<AuthenticationView> authentication_view(store::ReadTxn& txn, std::string_view account,
                                                    std::string_view payment_intent,
                                                    std::string_view client_secret);

struct AuthenticationResult {
  std::string status;           // the intent's status afterwards
  std::string redirect_status;  // succeeded, processing or failed
  std::string return_url;       // "" when the intent was confirmed without one (Stripe.js)
  std::string client_secret;
};

// Completes (`completed`) or fails the authentication of an intent in requires_action: the
// payment then goes on (succeeded, requires_capture, or the decline that follows), or the
// intent returns to requires_payment_method with payment_intent_authentication_failure.
api::Result<AuthenticationResult> authenticate(store::Txn& txn, std::string_view account,
                                               std::string_view payment_intent,
                                               std::string_view client_secret, bool completed,
                                               int64_t now_ms, const std::string& request_id,
                                               const std::string& base_url);

}  // namespace intentd::resources::payment_intents
