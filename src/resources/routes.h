// The route table: every endpoint intentd serves, in the order of Stripe's API reference,
// and the expandable fields of every object type.
#pragma once

#include <vector>

#include "api/endpoint.h"
#include "api/expand.h"

namespace intentd::resources {

std::vector<api::Endpoint> routes();
api::ExpandRules expand_rules();

}  // namespace intentd::resources
