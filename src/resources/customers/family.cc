#include "resources/customers/family.h"

#include "resources/customers/customers.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::customers {

Family family() {
  return Family{
      .name = "customers",
      .objects = {kType},
      .routes =
          {
              post("/v1/customers", create, kType, create_params()),
              get("/v1/customers/:id", retrieve, kType, no_params()),
              post("/v1/customers/:id", update, kType, update_params()),
              del("/v1/customers/:id", remove, kType, no_params()),
              get("/v1/customers", list, kType, list_params(), Returns::kList),
              get("/v1/customers/:id/payment_methods", payment_methods::list_for_customer,
                  payment_methods::kType, payment_methods::customer_list_params(), Returns::kList),
              get("/v1/customers/:customer/payment_methods/:id",
                  payment_methods::retrieve_for_customer, payment_methods::kType, no_params()),
          },
      .expandables = add_expandables,
      .events = {"customer.created", "customer.updated", "customer.deleted"},
  };
}

}  // namespace intentd::resources::customers
