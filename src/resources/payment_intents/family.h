// The PaymentIntents family's descriptor (resources/family.h), which resources/registry.cc lists.
#pragma once

#include "resources/family.h"

namespace intentd::resources::payment_intents {

Family family();

}  // namespace intentd::resources::payment_intents
