#include "resources/shared/address.h"

namespace intentd::resources {
namespace json = boost::json;
using api::Param;

namespace {
constexpr const char* kAddressFields[] = {"city",  "country",     "line1",
                                          "line2", "postal_code", "state"};
}

Param address_param() {
  std::vector<api::Field> fields;
  for (const char* f : kAddressFields) fields.emplace_back(f, Param::string().max_length(5000));
  return Param::hash(std::move(fields));
}

Param shipping_param() {
  return Param::hash({
      {"address", address_param().required()},
      {"name", Param::string().required()},
      {"phone", Param::string()},
  });
}

json::object render_address(const json::value& param) {
  json::object out;
  const json::object* in = param.if_object();
  for (const char* f : kAddressFields) {
    const json::value* v = in != nullptr ? in->if_contains(f) : nullptr;
    out[f] = v != nullptr ? *v : json::value(nullptr);
  }
  return out;
}

json::object render_shipping(const json::value& param) {
  const json::object& in = param.as_object();
  json::object out;
  out["address"] = render_address(in.at("address"));
  out["name"] = in.at("name");
  const json::value* phone = in.if_contains("phone");
  out["phone"] = phone != nullptr ? *phone : json::value(nullptr);
  return out;
}

}  // namespace intentd::resources
