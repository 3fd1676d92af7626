// The Checkout family's descriptor (resources/family.h), which resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::checkout {

Family family();

}  // namespace intentd::resources::checkout
