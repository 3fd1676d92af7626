#include "resources/notifications/webhook_endpoints.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api_version.h"
#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "api/urls.h"
#include "base/ids.h"
#include "events/destinations.h"
#include "events/event_log.h"
#include "events/event_types.h"

namespace intentd::resources::webhook_endpoints {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr ObjectType kType = events::kWebhookEndpointType;

// The secret is stored with the endpoint but shown only in the create response.
json::object without_secret(json::object o) {
  o.erase("secret");
  return o;
}

Status apply(json::object& e, const Call& call) {
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "url") {
      INTENTD_TRY(api::check_url(v.as_string(), "url", api::UrlKind::kWeb));
      e["url"] = v;
    } else if (k == "enabled_events") {
      INTENTD_TRY(check_enabled_events(v.as_array(), "enabled_events", false));
      e["enabled_events"] = v;
    } else if (k == "description") {
      e["description"] = v;
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(e["metadata"].as_object(), v));
    } else if (k == "disabled") {
      e["status"] = v.as_bool() ? "disabled" : "enabled";
    } else if (k == "api_version") {
      if (!api::is_known_api_version(v.as_string()))
        return ApiError::invalid_request("Invalid api_version: " + std::string(v.as_string()),
                                         "api_version");
      e["api_version"] = v;
    }
    // connect: endpoints for connected accounts' events arrive with Connect.
  }
  return Status::Ok();
}

store::Record record_of(json::object e) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(e["id"].as_string());
  r.created = e["created"].as_int64();
  r.data = std::move(e);
  return r;
}

}  // namespace

Status check_enabled_events(const json::array& list, const std::string& param, bool v2) {
  if (list.empty())
    return ApiError::invalid_request("You must specify at least one event in " + param + ".",
                                     param);
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string_view t = list[i].as_string();
    const bool known =
        t == "*" ? !v2 : events::is_v1_event_type(t) || (v2 && events::is_v2_event_type(t));
    if (!known)
      return ApiError::invalid_request("Invalid " + param + "[" + std::to_string(i) + "]: '" +
                                           std::string(t) + "' is not a valid event type.",
                                       param + "[" + std::to_string(i) + "]");
  }
  return Status::Ok();
}

Param create_params() {
  return Param::hash({
      {"api_version", Param::string()},
      {"connect", Param::boolean()},
      {"description", Param::string().max_length(5000).emptyable()},
      {"enabled_events", Param::array(Param::string()).required()},
      {"metadata", Param::metadata()},
      {"url", Param::string().max_length(5000).required()},
  });
}

Param update_params() {
  return Param::hash({
      {"description", Param::string().max_length(5000).emptyable()},
      {"disabled", Param::boolean()},
      {"enabled_events", Param::array(Param::string())},
      {"metadata", Param::metadata()},
      {"url", Param::string().max_length(5000)},
  });
}

Param list_params() {
  return Param::hash(api::list_params());
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  if (const auto* connect = call.param("connect"); connect && connect->as_bool())
    return ApiError::not_supported("connect");
  json::object e{
      {"id", new_id(kType, call.now_ms)}, {"object", kType.name}, {"api_version", nullptr},
      {"application", nullptr},           {"created", call.now},  {"description", nullptr},
      {"enabled_events", json::array()},  {"livemode", false},    {"metadata", json::object()},
      {"secret", random_id("whsec", 32)}, {"status", "enabled"},  {"url", ""}};
  INTENTD_TRY(apply(e, call));
  store::Record r = record_of(std::move(e));
  events::insert(txn, call, r);
  return json::value(std::move(r.data));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object e, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(without_secret(std::move(e)));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object e, api::load_object(txn, call, kType, call.arg(0)));
  const json::object before = e;
  INTENTD_TRY(apply(e, call));
  store::Record r = record_of(std::move(e));
  events::update(txn, call, r, before);
  return json::value(without_secret(std::move(r.data)));
}

Result<json::value> remove(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object e, api::load_object(txn, call, kType, call.arg(0)));
  events::erase(txn, call, kType, e);
  return json::value(api::deleted_object(call.arg(0), kType));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  INTENTD_ASSIGN_OR_RETURN(json::value page, api::list_page(call, txn, q));
  for (auto& item : page.as_object()["data"].as_array()) item.as_object().erase("secret");
  return page;
}

}  // namespace intentd::resources::webhook_endpoints
