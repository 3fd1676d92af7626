#include "resources/customers/family.h"

#include "resources/customers/customers.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::customers {
using api::client_side;
using api::del;
using api::get;
using api::Param;
using api::post;
using api::Returns;

Family family() {
  const Param none = Param::hash({});
  return Family{
      .name = "customers",
      .objects = {kType},
      .routes =
          {
              post("/v1/customers", create, kType, create_params()),
              get("/v1/customers/:id", retrieve, kType, none),
              post("/v1/customers/:id", update, kType, update_params()),
              del("/v1/customers/:id", remove, kType, none),
              get("/v1/customers", list, kType, list_params(), Returns::kList),
              get("/v1/customers/:id/payment_methods", payment_methods::list_for_customer,
                  payment_methods::kType, payment_methods::customer_list_params(), Returns::kList),
              get("/v1/customers/:customer/payment_methods/:id",
                  payment_methods::retrieve_for_customer, payment_methods::kType, none),
          },
      .expandables = add_expandables,
      .events = {"customer.created", "customer.updated", "customer.deleted"},
  };
}

}  // namespace intentd::resources::customers
