#include "resources/routes.h"

#include "resources/catalog/prices.h"
#include "resources/catalog/products.h"
#include "resources/checkout/checkout_sessions.h"
#include "resources/customers/customers.h"
#include "resources/money/balance.h"
#include "resources/money/charges.h"
#include "resources/money/refunds.h"
#include "resources/notifications/event_destinations.h"
#include "resources/notifications/events.h"
#include "resources/notifications/thin_events.h"
#include "resources/notifications/webhook_endpoints.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/payment_methods/mandates.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_attempts.h"
#include "resources/setup_intents/setup_intents.h"

namespace intentd::resources {
using api::client_side;
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
      get("/v1/customers/:id/payment_methods", payment_methods::list_for_customer, "payment_method",
          payment_methods::customer_list_params(), Returns::kList),
      get("/v1/customers/:customer/payment_methods/:id", payment_methods::retrieve_for_customer,
          "payment_method", none),

      // Products
      post("/v1/products", products::create, "product", products::create_params()),
      get("/v1/products/:id", products::retrieve, "product", none),
      post("/v1/products/:id", products::update, "product", products::update_params()),
      del("/v1/products/:id", products::remove, "product", none),
      get("/v1/products", products::list, "product", products::list_params(), Returns::kList),

      // Prices (never deleted: a price is archived with active=false)
      post("/v1/prices", prices::create, "price", prices::create_params()),
      get("/v1/prices/:id", prices::retrieve, "price", none),
      post("/v1/prices/:id", prices::update, "price", prices::update_params()),
      get("/v1/prices", prices::list, "price", prices::list_params(), Returns::kList),

      // PaymentMethods
      post("/v1/payment_methods", payment_methods::create, "payment_method",
           payment_methods::create_params()),
      get("/v1/payment_methods/:id", payment_methods::retrieve, "payment_method", none),
      post("/v1/payment_methods/:id", payment_methods::update, "payment_method",
           payment_methods::update_params()),
      get("/v1/payment_methods", payment_methods::list, "payment_method",
          payment_methods::list_params(), Returns::kList),
      post("/v1/payment_methods/:id/attach", payment_methods::attach, "payment_method",
           payment_methods::attach_params()),
      post("/v1/payment_methods/:id/detach", payment_methods::detach, "payment_method", none),

      // PaymentIntents
      post("/v1/payment_intents", payment_intents::create, "payment_intent",
           payment_intents::create_params()),
      client_side(get("/v1/payment_intents/:id", payment_intents::retrieve, "payment_intent",
                      payment_intents::retrieve_params())),
      post("/v1/payment_intents/:id", payment_intents::update, "payment_intent",
           payment_intents::update_params()),
      client_side(post("/v1/payment_intents/:id/confirm", payment_intents::confirm,
                       "payment_intent", payment_intents::confirm_params())),
      post("/v1/payment_intents/:id/capture", payment_intents::capture, "payment_intent",
           payment_intents::capture_params()),
      post("/v1/payment_intents/:id/cancel", payment_intents::cancel, "payment_intent",
           payment_intents::cancel_params()),
      post("/v1/payment_intents/:id/increment_authorization",
           payment_intents::increment_authorization, "payment_intent",
           payment_intents::increment_authorization_params()),
      get("/v1/payment_intents", payment_intents::list, "payment_intent",
          payment_intents::list_params(), Returns::kList),
      get("/v1/payment_intents/:id/amount_details_line_items", payment_intents::list_line_items,
          "payment_intent_amount_details_line_item", payment_intents::line_items_params(),
          Returns::kList),

      // SetupIntents
      post("/v1/setup_intents", setup_intents::create, "setup_intent",
           setup_intents::create_params()),
      client_side(get("/v1/setup_intents/:id", setup_intents::retrieve, "setup_intent",
                      setup_intents::retrieve_params())),
      post("/v1/setup_intents/:id", setup_intents::update, "setup_intent",
           setup_intents::update_params()),
      client_side(post("/v1/setup_intents/:id/confirm", setup_intents::confirm, "setup_intent",
                       setup_intents::confirm_params())),
      post("/v1/setup_intents/:id/cancel", setup_intents::cancel, "setup_intent",
           setup_intents::cancel_params()),
      client_side(post("/v1/setup_intents/:id/verify_microdeposits",
                       setup_intents::verify_microdeposits, "setup_intent",
                       setup_intents::verify_microdeposits_params())),
      get("/v1/setup_intents", setup_intents::list, "setup_intent", setup_intents::list_params(),
          Returns::kList),
      get("/v1/setup_attempts", setup_attempts::list, "setup_attempt",
          setup_attempts::list_params(), Returns::kList),

      // Checkout Sessions
      post("/v1/checkout/sessions", checkout_sessions::create, "checkout.session",
           checkout_sessions::create_params()),
      get("/v1/checkout/sessions/:id", checkout_sessions::retrieve, "checkout.session", none),
      get("/v1/checkout/sessions", checkout_sessions::list, "checkout.session",
          checkout_sessions::list_params(), Returns::kList),
      post("/v1/checkout/sessions/:id/expire", checkout_sessions::expire, "checkout.session", none),
      get("/v1/checkout/sessions/:id/line_items", checkout_sessions::list_line_items, "item",
          checkout_sessions::line_items_params(), Returns::kList),

      // Mandates
      get("/v1/mandates/:id", mandates::retrieve, "mandate", none),

      // Charges
      get("/v1/charges/:id", charges::retrieve, "charge", none),
      get("/v1/charges", charges::list, "charge", charges::list_params(), Returns::kList),
      get("/v1/charges/:charge/refunds", refunds::list_for_charge, "refund",
          refunds::charge_list_params(), Returns::kList),
      get("/v1/charges/:charge/refunds/:id", refunds::retrieve_for_charge, "refund", none),

      // Refunds
      post("/v1/refunds", refunds::create, "refund", refunds::create_params()),
      get("/v1/refunds/:id", refunds::retrieve, "refund", none),
      post("/v1/refunds/:id", refunds::update, "refund", refunds::update_params()),
      get("/v1/refunds", refunds::list, "refund", refunds::list_params(), Returns::kList),
      post("/v1/refunds/:id/cancel", refunds::cancel, "refund", none),
      post("/v1/test_helpers/refunds/:id/expire", refunds::expire, "refund", none),

      // Balance
      get("/v1/balance", balance::retrieve_balance, "balance", none),
      get("/v1/balance_transactions/:id", balance::retrieve_transaction, "balance_transaction",
          none),
      get("/v1/balance_transactions", balance::list_transactions, "balance_transaction",
          balance::list_params(), Returns::kList),

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
  products::add_expandables(rules);
  prices::add_expandables(rules);
  payment_methods::add_expandables(rules);
  payment_intents::add_expandables(rules);
  setup_intents::add_expandables(rules);
  checkout_sessions::add_expandables(rules);
  charges::add_expandables(rules);
  refunds::add_expandables(rules);
  balance::add_expandables(rules);
  return rules;
}

}  // namespace intentd::resources
