#include "api/client_view.h"

#include <boost/json/object.hpp>

namespace intentd::api {
namespace json = boost::json;

void ClientViews::add(ClientView view) {
  views_.push_back(std::move(view));
}

void ClientViews::apply(json::value& v) const {
  json::object* o = v.if_object();
  if (o == nullptr) return;
  const json::value* type = o->if_contains("object");
  if (type == nullptr || !type->is_string()) return;
  for (const ClientView& view : views_) {
    if (view.object != type->as_string()) continue;
    json::object shown;
    for (std::string_view key : view.visible)
      if (json::value* field = o->if_contains(key)) shown[key] = std::move(*field);
    v = std::move(shown);
    return;
  }
}

void ClientViews::apply(ApiError& e) const {
  for (auto& kv : e.extra) apply(kv.value());
}

}  // namespace intentd::api
