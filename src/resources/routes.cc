#include "resources/routes.h"

#include "resources/customers.h"

namespace intentd::resources {
using api::del;
using api::get;
using api::Param;
using api::post;
using api::Returns;

std::vector<api::Endpoint> routes() {
  const Param none = Param::hash({});
  return {
      // Customers
      post("/v1/customers", customers::create, "customer", customers::create_params()),
      get("/v1/customers/:id", customers::retrieve, "customer", none),
      post("/v1/customers/:id", customers::update, "customer", customers::update_params()),
      del("/v1/customers/:id", customers::remove, "customer", none),
      get("/v1/customers", customers::list, "customer", customers::list_params(), Returns::kList),
  };
}

api::ExpandRules expand_rules() {
  api::ExpandRules rules;
  customers::add_expandables(rules);
  return rules;
}

}  // namespace intentd::resources
