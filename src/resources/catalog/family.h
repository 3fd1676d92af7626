// The catalog (products and prices) family's descriptor (resources/family.h), which
// resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::catalog {

Family family();

}  // namespace intentd::resources::catalog
