// The 3-D Secure step of a PaymentIntent, as intentd's hosted authentication page drives it:
// what the page shows, and what completing or failing the authentication does to the intent.
#pragma once

#include <string_view>

#include "api/call.h"
#include "base/result.h"
#include "resources/shared/authentication.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

// What the page shows for an intent; the client_secret must match (404 otherwise).
Result<AuthenticationView> authentication_view(store::ReadTxn& txn, std::string_view account,
                                               std::string_view payment_intent,
                                               std::string_view client_secret);

// Completes (`completed`) or fails the authentication of an intent in requires_action: the
// payment then goes on (succeeded, requires_capture, or the decline that follows), or the
// intent returns to requires_payment_method with payment_intent_authentication_failure.
Result<AuthenticationResult> authenticate(store::Txn& txn, const api::Call& call,
                                          std::string_view payment_intent,
                                          std::string_view client_secret, bool completed);

}  // namespace intentd::resources::payment_intents
