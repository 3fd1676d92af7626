// What a Checkout Session does when the PaymentIntent or SetupIntent it started moves on (it
// is their owner, resources/shared/intent_owner.h): a bank debit settling marks a completed
// session paid or failed, a 3-D Secure answer completes it, and the API may not confirm or
// cancel what the session drives.
#pragma once

#include "resources/shared/intent_owner.h"

namespace intentd::resources::checkout_sessions {

// The callbacks of the "checkout.session" owner type, which the checkout family registers.
IntentOwner owner_callbacks();

}  // namespace intentd::resources::checkout_sessions
