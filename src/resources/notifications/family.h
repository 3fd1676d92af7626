// The notifications (events, webhook endpoints, event destinations) family's descriptor
// (resources/family.h), which resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::notifications {

Family family();

}  // namespace intentd::resources::notifications
