#include "resources/shared/client_secret.h"

#include <string>

#include "base/ids.h"
#include "util/crypto.h"

namespace intentd::resources {
namespace json = boost::json;

std::string new_client_secret(std::string_view id) {
  return std::string(id) + "_secret_" +
         random_string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 25);
}

Status check_client_secret(const api::Call& call, const json::object& intent,
                           std::string_view noun) {
  if (call.key_kind != store::KeyKind::kPublishable) return Status::Ok();
  const json::value* given = call.param("client_secret");
  if (given == nullptr)
    return ApiError::invalid_request("This " + std::string(noun) +
                                         " can only be accessed with a publishable key together "
                                         "with its client_secret.",
                                     "client_secret");
  if (!util::constant_time_equal(given->as_string(), intent.at("client_secret").as_string()))
    return ApiError::invalid_request(
        "The client_secret provided does not match the "
        "client_secret associated with the " +
            std::string(noun) + ".",
        "client_secret");
  return Status::Ok();
}

}  // namespace intentd::resources
