#include "resources/checkout/checkout_session_intents.h"

#include "resources/checkout/checkout_session_page.h"
#include "resources/checkout/checkout_session_state.h"
#include "resources/payment_intents/payment_intents.h"

namespace intentd::resources::checkout_sessions {
namespace {

bool is_payment(const OwnedIntent& intent) {
  return intent.type == payment_intents::kType.name;
}

void succeeded(store::Txn& txn, const events::Origin& origin, const OwnedIntent& intent) {
  if (is_payment(intent)) payment_settled(txn, origin, intent.owner.id, true);
}

void failed(store::Txn& txn, const events::Origin& origin, const OwnedIntent& intent) {
  if (is_payment(intent)) payment_settled(txn, origin, intent.owner.id, false);
}

void answered(store::Txn& txn, const events::Origin& origin, const OwnedIntent& intent) {
  // The 3-D Secure page's request: the session moves as if the browser had come back.
  if (intent.call != nullptr) (void)returned(txn, *intent.call, intent.owner.id);
}

Status permits(IntentRequest request, const OwnedIntent& intent) {
  const bool payment = is_payment(intent);
  switch (request) {
    case IntentRequest::kConfirm:
      // The hosted page confirms the session's setup; a payment may be confirmed again.
      if (payment) return Status::Ok();
      return ApiError::invalid_request(
          "You cannot confirm this SetupIntent because it belongs to a Checkout Session. The "
          "customer completes the Checkout Session at its url instead.",
          {}, "setup_intent_unexpected_state");
    case IntentRequest::kCancel:
      if (!payment)
        return ApiError::invalid_request(
            "You cannot cancel this SetupIntent because it belongs to a Checkout Session. Expire "
            "the Checkout Session instead.",
            {}, "setup_intent_unexpected_state");
      // Funds on hold may be released; anything else ends with the session.
      if (intent.object.at("status") == "requires_capture") return Status::Ok();
      return ApiError::invalid_request(
          "You cannot cancel this PaymentIntent because it belongs to a Checkout Session. Expire "
          "the Checkout Session instead, or cancel the PaymentIntent once it has a status of "
          "requires_capture.",
          {}, "payment_intent_unexpected_state");
  }
  return Status::Ok();
}

}  // namespace

IntentOwner owner_callbacks() {
  return IntentOwner{.type = kType,
                     .on_succeeded = succeeded,
                     .on_failed = failed,
                     .on_authenticated = answered,
                     .permits = permits};
}

}  // namespace intentd::resources::checkout_sessions
