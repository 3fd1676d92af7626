#include "resources/notifications/family.h"

#include "events/destinations.h"
#include "events/event_log.h"
#include "resources/notifications/event_destinations.h"
#include "resources/notifications/events.h"
#include "resources/notifications/thin_events.h"
#include "resources/notifications/webhook_endpoints.h"

namespace intentd::resources::notifications {

Family family() {
  using intentd::events::kEvent;
  using intentd::events::kEventDestinationType;
  using intentd::events::kThinEvent;
  using intentd::events::kWebhookEndpointType;
  namespace ed = event_destinations;
  return Family{
      .name = "notifications",
      .objects = {kEvent, kThinEvent, kWebhookEndpointType, kEventDestinationType},
      .routes =
          {
              // Events
              get("/v1/events/:id", events::retrieve, kEvent, no_params()),
              get("/v1/events", events::list, kEvent, events::list_params(), Returns::kList),
              post("/v1/events/:id/retry", events::retry, kEvent, events::retry_params()),

              // Webhook endpoints
              post("/v1/webhook_endpoints", webhook_endpoints::create, kWebhookEndpointType,
                   webhook_endpoints::create_params()),
              get("/v1/webhook_endpoints/:id", webhook_endpoints::retrieve, kWebhookEndpointType,
                  no_params()),
              post("/v1/webhook_endpoints/:id", webhook_endpoints::update, kWebhookEndpointType,
                   webhook_endpoints::update_params()),
              del("/v1/webhook_endpoints/:id", webhook_endpoints::remove, kWebhookEndpointType,
                  no_params()),
              get("/v1/webhook_endpoints", webhook_endpoints::list, kWebhookEndpointType,
                  webhook_endpoints::list_params(), Returns::kList),

              // v2 event destinations and thin events
              post("/v2/core/event_destinations", ed::create, kEventDestinationType,
                   ed::create_params()),
              get("/v2/core/event_destinations/:id", ed::retrieve, kEventDestinationType,
                  ed::retrieve_params()),
              post("/v2/core/event_destinations/:id", ed::update, kEventDestinationType,
                   ed::update_params()),
              del("/v2/core/event_destinations/:id", ed::remove, kEventDestinationType,
                  no_params()),
              get("/v2/core/event_destinations", ed::list, kEventDestinationType,
                  ed::list_params()),
              post("/v2/core/event_destinations/:id/enable", ed::enable, kEventDestinationType,
                   no_params()),
              post("/v2/core/event_destinations/:id/disable", ed::disable, kEventDestinationType,
                   no_params()),
              post("/v2/core/event_destinations/:id/ping", ed::ping, kEventDestinationType,
                   no_params()),
              get("/v2/core/events/:id", thin_events::retrieve, kThinEvent, no_params()),
              get("/v2/core/events", thin_events::list, kThinEvent, thin_events::list_params()),
          },
      .events = {"v2.core.event_destination.ping"},
  };
}

}  // namespace intentd::resources::notifications
