// The payment methods (and mandates) family's descriptor (resources/family.h), which
// resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::payment_methods {

Family family();

}  // namespace intentd::resources::payment_methods
