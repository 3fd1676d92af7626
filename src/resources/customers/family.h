// The customers family's descriptor (resources/family.h), which resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::customers {

Family family();

}  // namespace intentd::resources::customers
