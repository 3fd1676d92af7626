#include "resources/setup_intents/family.h"

#include "resources/setup_intents/setup_attempts.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/setup_intents/setup_intents.h"

namespace intentd::resources::setup_intents {

Family family() {
  return Family{
      .name = "setup_intents",
      .objects = {kType, setup_attempts::kType},
      .routes =
          {
              post("/v1/setup_intents", create, kType, create_params()),
              client_side(get("/v1/setup_intents/:id", retrieve, kType, retrieve_params())),
              post("/v1/setup_intents/:id", update, kType, update_params()),
              client_side(post("/v1/setup_intents/:id/confirm", confirm, kType, confirm_params())),
              post("/v1/setup_intents/:id/cancel", cancel, kType, cancel_params()),
              client_side(post("/v1/setup_intents/:id/verify_microdeposits", verify_microdeposits,
                               kType, verify_microdeposits_params())),
              get("/v1/setup_intents", list, kType, list_params(), Returns::kList),

              // SetupAttempts
              get("/v1/setup_attempts", setup_attempts::list, setup_attempts::kType,
                  setup_attempts::list_params(), Returns::kList),
          },
      .expandables = add_expandables,
      .events = {"setup_intent.created", "setup_intent.requires_action", "setup_intent.succeeded",
                 "setup_intent.setup_failed", "setup_intent.canceled"},
      .client_views = {publishable_view()},
  };
}

}  // namespace intentd::resources::setup_intents
