// The SetupIntents (and setup attempts) family's descriptor (resources/family.h), which
// resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::setup_intents {

Family family();

}  // namespace intentd::resources::setup_intents
