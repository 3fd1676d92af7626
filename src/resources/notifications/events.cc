#include "resources/notifications/events.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/objects.h"
#include "events/destinations.h"
#include "events/event_log.h"
#include "events/event_types.h"

namespace intentd::resources::events {
namespace json = boost::json;
using api::Call;
using api::Param;
namespace ev = intentd::events;

namespace {

constexpr std::size_t kMaxTypes = 20;

// `pattern` may end in "*" (charge.*), which matches any type with that prefix.
bool type_matches(std::string_view pattern, std::string_view type) {
  if (pattern.ends_with('*')) return type.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == type;
}

}  // namespace

Param list_params() {
  return Param::hash(api::list_params())
      .with({
          {"delivery_success", Param::boolean()},
          {"type", Param::string()},
          {"types", Param::array(Param::string())},
      });
}

Param retry_params() {
  return Param::hash({{"webhook_endpoint", Param::string()}});
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object e,
                           api::load_object(txn, call, ev::kEvent, call.arg(0), "id", "event"));
  return json::value(std::move(e));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(ev::kEvent)));
  const json::value* type = call.param("type");
  const json::value* types = call.param("types");
  if (type != nullptr && types != nullptr)
    return ApiError::invalid_request("You may only specify one of these parameters: type, types.",
                                     "type", "parameters_exclusive");
  std::string pattern;
  if (type != nullptr) {
    pattern = type->as_string();
    if (pattern.find('*') == std::string::npos) q.lookup = store::LookupFilter{"type", {pattern}};
  }
  if (types != nullptr) {
    const json::array& list = types->as_array();
    if (list.size() > kMaxTypes)
      return ApiError::invalid_request(
          "You may pass at most " + std::to_string(kMaxTypes) + " types.", "types");
    store::LookupFilter f{"type", {}};
    for (const auto& t : list) f.values.emplace_back(t.as_string());
    if (!f.values.empty()) q.lookup = std::move(f);
  }
  std::optional<bool> success;
  if (const auto* s = call.param("delivery_success")) success = s->as_bool();
  // Events still waiting for a delivery are indexed ("undelivered"); the others are not.
  if (!q.lookup && success && !*success)
    q.lookup = store::LookupFilter{"undelivered", {"1"}};
  else if (success)
    q.keep = [want = *success](const json::object& e) {
      return (e.at("pending_webhooks").to_number<int64_t>() == 0) == want;
    };
  if (pattern.find('*') != std::string::npos) {
    auto previous = q.keep;
    q.keep = [pattern, previous](const json::object& e) {
      return type_matches(pattern, e.at("type").as_string()) && (!previous || previous(e));
    };
  }
  return api::list_page(call, txn, q);
}

Result<json::value> retry(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object e,
                           api::load_object(txn, call, ev::kEvent, call.arg(0), "id", "event"));
  const std::string type(e.at("type").as_string());
  std::vector<std::string> targets;
  if (const auto* we = call.param("webhook_endpoint")) {
    auto d = ev::load_destination(txn, call.account, we->as_string());
    if (!d || d->thin)
      return ApiError::resource_missing("webhook endpoint", we->as_string(), "webhook_endpoint");
    targets.push_back(d->id);
  } else {
    for (const auto& d : ev::destinations(txn, call.account))
      if (d.enabled && !d.thin && ev::enabled_for(d.enabled_events, type)) targets.push_back(d.id);
  }
  ev::redeliver(txn, call.account, call.now_ms, call.arg(0), targets);
  INTENTD_ASSIGN_OR_RETURN(e, api::load_object(txn, call, ev::kEvent, call.arg(0)));
  return json::value(std::move(e));
}

}  // namespace intentd::resources::events
