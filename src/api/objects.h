// Helpers every resource uses to load objects by id inside the calling account.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "api/call.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::api {

// The object of `type` with `id`, or 404 resource_missing "No such <noun>: '<id>'" naming
// `param`. `noun` is how Stripe's message names the type (it defaults to the type).
Result<boost::json::object> load_object(store::ReadTxn& txn, const Call& call,
                                        std::string_view type, std::string_view id,
                                        std::string param = "id", std::string_view noun = {});

// {id, object, deleted: true}, what DELETE endpoints answer.
boost::json::object deleted_object(std::string_view id, std::string_view type);

}  // namespace intentd::api
