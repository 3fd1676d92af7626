#include "resources/routes.h"

#include "resources/customers.h"
#include "resources/event_destinations.h"
#include "resources/events.h"
#include "resources/thin_events.h"
#include "resources/webhook_endpoints.h"

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

      // Events
      get("/v1/events/:id", events::retrieve, "event", none),
      get("/v1/events", events::list, "event", events::list_params(), Returns::kList),
      post("/v1/events/:id/retry", events::retry, "event", events::retry_params()),

      // Webhook endpoints
      post("/v1/webhook_endpoints", webhook_endpoints::create, "webhook_endpoint",
           webhook_endpoints::create_params()),
      get("/v1/webhook_endpoints/:id", webhook_endpoints::retrieve, "webhook_endpoint", none),
      post("/v1/webhook_endpoints/:id", webhook_endpoints::update, "webhook_endpoint",
           webhook_endpoints::update_params()),
      del("/v1/webhook_endpoints/:id", webhook_endpoints::remove, "webhook_endpoint", none),
      get("/v1/webhook_endpoints", webhook_endpoints::list, "webhook_endpoint",
          webhook_endpoints::list_params(), Returns::kList),

      // v2 event destinations and thin events
      post("/v2/core/event_destinations", event_destinations::create, "",
           event_destinations::create_params()),
      get("/v2/core/event_destinations/:id", event_destinations::retrieve, "",
          event_destinations::retrieve_params()),
      post("/v2/core/event_destinations/:id", event_destinations::update, "",
           event_destinations::update_params()),
      del("/v2/core/event_destinations/:id", event_destinations::remove, "", none),
      get("/v2/core/event_destinations", event_destinations::list, "",
          event_destinations::list_params()),
      post("/v2/core/event_destinations/:id/enable", event_destinations::enable, "", none),
      post("/v2/core/event_destinations/:id/disable", event_destinations::disable, "", none),
      post("/v2/core/event_destinations/:id/ping", event_destinations::ping, "", none),
      get("/v2/core/events/:id", thin_events::retrieve, "", none),
      get("/v2/core/events", thin_events::list, "", thin_events::list_params()),
  };
}

api::ExpandRules expand_rules() {
  api::ExpandRules rules;
  customers::add_expandables(rules);
  return rules;
}

}  // namespace intentd::resources
