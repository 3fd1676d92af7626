// The money movement (charges, refunds, balance) family's descriptor (resources/family.h), which
// resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::money {

Family family();

}  // namespace intentd::resources::money
