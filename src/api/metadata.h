// Stripe's metadata rules on update: metadata[k]=v sets k, metadata[k]= removes k, and
// metadata= removes every key. The 50-key limit applies to the merged result.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "base/result.h"

namespace intentd::api {

// Applies the checked `metadata` param (an object, or null to clear) to `current`.
Status merge_metadata(boost::json::object& current, const boost::json::value& update);

}  // namespace intentd::api
