#include "api/objects.h"

namespace intentd::api {

Result<boost::json::object> load_object(store::ReadTxn& txn, const Call& call,
                                        std::string_view type, std::string_view id,
                                        std::string param, std::string_view noun) {
  auto o = txn.get(call.account, type, id);
  if (!o) return ApiError::resource_missing(noun.empty() ? type : noun, id, std::move(param));
  return std::move(*o);
}

boost::json::object deleted_object(std::string_view id, std::string_view type) {
  boost::json::object o;
  o["id"] = id;
  o["object"] = type;
  o["deleted"] = true;
  return o;
}

}  // namespace intentd::api
