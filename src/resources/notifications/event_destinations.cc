#include "resources/notifications/event_destinations.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/api_version.h"
#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "api/urls.h"
#include "base/clock.h"
#include "base/ids.h"
#include "events/destinations.h"
#include "events/event_log.h"
#include "resources/notifications/webhook_endpoints.h"

namespace intentd::resources::event_destinations {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr ObjectType kType = events::kEventDestinationType;

Param include_param() {
  return Param::array(Param::one_of({"webhook_endpoint.signing_secret", "webhook_endpoint.url"}));
}

bool included(const Call& call, std::string_view field) {
  const json::value* inc = call.param("include");
  if (inc == nullptr) return false;
  for (const auto& f : inc->as_array())
    if (f.as_string() == field) return true;
  return false;
}

// The stored destination keeps its URL and secret; the API shows them only when asked to
// with include[].
json::object render(json::object d, const Call& call) {
  if (json::object* w = d["webhook_endpoint"].if_object()) {
    if (!included(call, "webhook_endpoint.signing_secret")) (*w)["signing_secret"] = nullptr;
    if (!included(call, "webhook_endpoint.url")) (*w)["url"] = nullptr;
  }
  return d;
}

Status check_events(const json::value& events, std::string_view payload) {
  return webhook_endpoints::check_enabled_events(events.as_array(), "enabled_events",
                                                 /*v2=*/payload == "thin");
}

store::Record record_of(json::object d, int64_t created) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(d["id"].as_string());
  r.created = created;
  r.data = std::move(d);
  return r;
}

Result<json::value> save(const Call& call, store::Txn& txn, json::object d,
                         const json::object& before) {
  d["updated"] = rfc3339(call.now_ms);
  // (The list position, from the create, does not change on update.)
  store::Record r = record_of(std::move(d), call.now);
  events::update(txn, call, r, before);
  return json::value(render(std::move(r.data), call));
}

Result<json::value> set_status(const Call& call, store::Txn& txn, bool enabled) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object d, api::load_object(txn, call, kType, call.arg(0), "id", "event_destination"));
  const json::object before = d;
  d["status"] = enabled ? "enabled" : "disabled";
  d["status_details"] =
      enabled ? json::value(nullptr)
              : json::value(json::object{{"disabled", json::object{{"reason", "user"}}}});
  return save(call, txn, std::move(d), before);
}

}  // namespace

Param create_params() {
  return Param::hash({
      {"amazon_eventbridge", Param::unsupported()},
      {"description", Param::string().max_length(5000)},
      {"enabled_events", Param::array(Param::string()).required()},
      {"event_payload", Param::one_of({"snapshot", "thin"}).required()},
      {"events_from", Param::array(Param::one_of({"other_accounts", "self"}))},
      {"include", include_param()},
      {"metadata", Param::metadata()},
      {"name", Param::string().max_length(5000).required()},
      {"snapshot_api_version", Param::string()},
      {"type", Param::one_of({"amazon_eventbridge", "webhook_endpoint"}).required()},
      {"webhook_endpoint", Param::hash({{"url", Param::string().max_length(5000).required()}})},
  });
}

Param update_params() {
  return Param::hash({
      {"description", Param::string().max_length(5000)},
      {"enabled_events", Param::array(Param::string())},
      {"include", include_param()},
      {"metadata", Param::metadata()},
      {"name", Param::string().max_length(5000)},
      {"webhook_endpoint", Param::hash({{"url", Param::string().max_length(5000).required()}})},
  });
}

Param retrieve_params() {
  return Param::hash({{"include", include_param()}});
}

Param list_params() {
  return Param::hash(api::v2_list_params()).with({{"include", include_param()}});
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  const std::string payload(call.param("event_payload")->as_string());
  if (call.param("type")->as_string() != "webhook_endpoint") return ApiError::not_supported("type");
  const json::value* endpoint = call.param("webhook_endpoint");
  if (endpoint == nullptr) return ApiError::parameter_missing("webhook_endpoint");
  const std::string url(endpoint->at("url").as_string());
  INTENTD_TRY(api::check_url(url, "webhook_endpoint.url", api::UrlKind::kWeb));
  INTENTD_TRY(check_events(*call.param("enabled_events"), payload));
  json::value snapshot_version = nullptr;
  if (const auto* v = call.param("snapshot_api_version")) {
    if (payload != "snapshot")
      return ApiError::invalid_request(
          "snapshot_api_version can only be set when event_payload is snapshot.",
          "snapshot_api_version");
    if (!api::is_known_api_version(v->as_string()))
      return ApiError::invalid_request(
          "Invalid snapshot_api_version: " + std::string(v->as_string()), "snapshot_api_version");
    snapshot_version = *v;
  } else if (payload == "snapshot") {
    snapshot_version = api::kDefaultApiVersion;
  }
  json::object metadata;
  if (const auto* m = call.param("metadata")) INTENTD_TRY(api::merge_metadata(metadata, *m));
  const std::string now = rfc3339(call.now_ms);
  const json::value* from = call.param("events_from");
  json::object d{
      {"id", new_id(kType, call.now_ms)},
      {"object", kType.name},
      {"created", now},
      {"description", call.param("description") ? *call.param("description") : json::value("")},
      {"enabled_events", *call.param("enabled_events")},
      {"event_payload", payload},
      {"events_from", from ? *from : json::value(json::array{"self"})},
      {"livemode", false},
      {"metadata", std::move(metadata)},
      {"name", *call.param("name")},
      {"snapshot_api_version", snapshot_version},
      {"status", "enabled"},
      {"status_details", nullptr},
      {"type", "webhook_endpoint"},
      {"updated", now},
      {"webhook_endpoint", json::object{{"signing_secret", random_id("whsec", 32)}, {"url", url}}}};
  store::Record r = record_of(std::move(d), call.now);
  events::insert(txn, call, r);
  return json::value(render(std::move(r.data), call));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object d, api::load_object(txn, call, kType, call.arg(0), "id", "event_destination"));
  return json::value(render(std::move(d), call));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object d, api::load_object(txn, call, kType, call.arg(0), "id", "event_destination"));
  const json::object before = d;
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    if (k == "description" || k == "name") {
      d[k] = kv.value();
    } else if (k == "enabled_events") {
      INTENTD_TRY(check_events(kv.value(), d["event_payload"].as_string()));
      d[k] = kv.value();
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(d["metadata"].as_object(), kv.value()));
    } else if (k == "webhook_endpoint") {
      const std::string url(kv.value().at("url").as_string());
      INTENTD_TRY(api::check_url(url, "webhook_endpoint.url", api::UrlKind::kWeb));
      d["webhook_endpoint"].as_object()["url"] = url;
    }
  }
  return save(call, txn, std::move(d), before);
}

Result<json::value> remove(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object d, api::load_object(txn, call, kType, call.arg(0), "id", "event_destination"));
  events::erase(txn, call, kType, d);
  return json::value(json::object{{"id", call.arg(0)}, {"object", kType.name}});
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::v2_list_query(call, std::string(kType)));
  INTENTD_ASSIGN_OR_RETURN(json::value page, api::v2_list_page(call, txn, q));
  for (auto& item : page.as_object()["data"].as_array())
    item = render(std::move(item.as_object()), call);
  return page;
}

Result<json::value> enable(const Call& call, store::Txn& txn) {
  return set_status(call, txn, true);
}

Result<json::value> disable(const Call& call, store::Txn& txn) {
  return set_status(call, txn, false);
}

Result<json::value> ping(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object d, api::load_object(txn, call, kType, call.arg(0), "id", "event_destination"));
  const std::string id(d["id"].as_string());
  json::object evt = events::emit_thin(
      txn, events::Origin::of(call), "v2.core.event_destination.ping",
      events::RelatedObject{id, std::string(kType), "/v2/core/event_destinations/" + id}, id);
  return json::value(std::move(evt));
}

}  // namespace intentd::resources::event_destinations
