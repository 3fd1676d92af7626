// The registry: every family of resources intentd serves (resources/family.h). Adding a family
// is its folder and one line in registry.cc; the route table, expand rules, job handlers and
// intent owners are all read from here.
#pragma once

#include <string_view>
#include <vector>

#include "api/client_view.h"
#include "api/endpoint.h"
#include "api/expand.h"
#include "resources/family.h"

namespace intentd::resources {

// Every family, built once.
const std::vector<Family>& families();

// Every family's routes, and the expandable fields of every object type.
std::vector<api::Endpoint> routes();
api::ExpandRules expand_rules();
// What a publishable key sees of each object type that has a client view.
api::ClientViews client_views();

// The callbacks of intent owners of `type` ("checkout.session"), or nullptr.
const IntentOwner* intent_owner(std::string_view type);

}  // namespace intentd::resources
