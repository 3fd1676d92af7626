#include "resources/payment_methods/family.h"

#include "resources/payment_methods/mandates.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::payment_methods {

Family family() {
  return Family{
      .name = "payment_methods",
      .objects = {kType, mandates::kType},
      .routes =
          {
              // PaymentMethods (those of a customer are listed under Customers)
              post("/v1/payment_methods", create, kType, create_params()),
              get("/v1/payment_methods/:id", retrieve, kType, no_params()),
              post("/v1/payment_methods/:id", update, kType, update_params()),
              get("/v1/payment_methods", list, kType, list_params(), Returns::kList),
              post("/v1/payment_methods/:id/attach", attach, kType, attach_params()),
              post("/v1/payment_methods/:id/detach", detach, kType, no_params()),

              // Mandates
              get("/v1/mandates/:id", mandates::retrieve, mandates::kType, no_params()),
          },
      .expandables = add_expandables,
      .events = {"payment_method.attached", "payment_method.detached", "payment_method.updated"},
  };
}

}  // namespace intentd::resources::payment_methods
