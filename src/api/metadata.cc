#include "api/metadata.h"

#include <string>

#include "api/param_schema.h"

namespace intentd::api {

Status merge_metadata(boost::json::object& current, const boost::json::value& update) {
  if (update.is_null()) {
    current.clear();
    return Status::Ok();
  }
  for (const auto& kv : update.as_object()) {
    if (kv.value().is_null())
      current.erase(kv.key());
    else
      current[kv.key()] = kv.value();
  }
  if (current.size() > 50) return metadata_too_many_keys(current.size());
  return Status::Ok();
}

}  // namespace intentd::api
