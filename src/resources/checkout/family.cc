#include "resources/checkout/family.h"

#include "resources/checkout/checkout_expiry.h"
#include "resources/checkout/checkout_session_intents.h"
#include "resources/checkout/checkout_session_state.h"
#include "resources/checkout/checkout_sessions.h"

namespace intentd::resources::checkout {
namespace cs = checkout_sessions;

Family family() {
  return Family{
      .name = "checkout",
      .objects = {cs::kType, cs::kLineItem},
      .routes =
          {
              post("/v1/checkout/sessions", cs::create, cs::kType, cs::create_params()),
              get("/v1/checkout/sessions/:id", cs::retrieve, cs::kType, no_params()),
              get("/v1/checkout/sessions", cs::list, cs::kType, cs::list_params(), Returns::kList),
              post("/v1/checkout/sessions/:id/expire", cs::expire, cs::kType, no_params()),
              get("/v1/checkout/sessions/:id/line_items", cs::list_line_items, cs::kLineItem,
                  cs::line_items_params(), Returns::kList),
          },
      .expandables = cs::add_expandables,
      .jobs = {{cs::kExpiryJob, make_job<cs::Expiry>}},
      .events = {"checkout.session.completed", "checkout.session.async_payment_succeeded",
                 "checkout.session.async_payment_failed", "checkout.session.expired"},
      .intent_owners = {cs::owner_callbacks()},
  };
}

}  // namespace intentd::resources::checkout
