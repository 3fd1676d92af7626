#include "resources/payment_intents/family.h"

#include "domain/amount_details.h"
#include "resources/payment_intents/payment_intent_expiry.h"
#include "resources/payment_intents/payment_intent_settlement.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_intents/payment_intents.h"

namespace intentd::resources::payment_intents {

Family family() {
  return Family{
      .name = "payment_intents",
      .objects = {kType, domain::kLineItem},
      .routes =
          {
              post("/v1/payment_intents", create, kType, create_params()),
              client_side(get("/v1/payment_intents/:id", retrieve, kType, retrieve_params())),
              post("/v1/payment_intents/:id", update, kType, update_params()),
              client_side(
                  post("/v1/payment_intents/:id/confirm", confirm, kType, confirm_params())),
              post("/v1/payment_intents/:id/capture", capture, kType, capture_params()),
              post("/v1/payment_intents/:id/cancel", cancel, kType, cancel_params()),
              post("/v1/payment_intents/:id/increment_authorization", increment_authorization,
                   kType, increment_authorization_params()),
              get("/v1/payment_intents", list, kType, list_params(), Returns::kList),
              get("/v1/payment_intents/:id/amount_details_line_items", list_line_items,
                  domain::kLineItem, line_items_params(), Returns::kList),
          },
      .expandables = add_expandables,
      .jobs = {{kSettleJob, make_job<Settlement>}, {kExpiryJob, make_job<AuthorizationExpiry>}},
      .events = {"payment_intent.created", "payment_intent.processing",
                 "payment_intent.requires_action", "payment_intent.amount_capturable_updated",
                 "payment_intent.succeeded", "payment_intent.payment_failed",
                 "payment_intent.canceled"},
      .client_views = {publishable_view()},
  };
}

}  // namespace intentd::resources::payment_intents
