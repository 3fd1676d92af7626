#include "resources/registry.h"

#include "resources/catalog/family.h"
#include "resources/checkout/family.h"
#include "resources/customers/family.h"
#include "resources/money/family.h"
#include "resources/notifications/family.h"
#include "resources/payment_intents/family.h"
#include "resources/payment_methods/family.h"
#include "resources/setup_intents/family.h"

namespace intentd::resources {

const std::vector<Family>& families() {
  // In the order of Stripe's API reference.
  static const std::vector<Family> kFamilies = {
      customers::family(),       catalog::family(),       payment_methods::family(),
      payment_intents::family(), setup_intents::family(), checkout::family(),
      money::family(),           notifications::family(),
  };
  return kFamilies;
}

std::vector<api::Endpoint> routes() {
  std::vector<api::Endpoint> all;
  for (const Family& f : families()) all.insert(all.end(), f.routes.begin(), f.routes.end());
  return all;
}

api::ExpandRules expand_rules() {
  api::ExpandRules rules;
  for (const Family& f : families())
    if (f.expandables != nullptr) f.expandables(rules);
  return rules;
}

api::ClientViews client_views() {
  api::ClientViews views;
  for (const Family& f : families())
    for (const api::ClientView& view : f.client_views) views.add(view);
  return views;
}

const IntentOwner* intent_owner(std::string_view type) {
  for (const Family& f : families())
    for (const IntentOwner& owner : f.intent_owners)
      if (owner.type == type) return &owner;
  return nullptr;
}

}  // namespace intentd::resources
