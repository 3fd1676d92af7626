#include "resources/notifications/thin_events.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/objects.h"
#include "base/clock.h"
#include "events/event_log.h"

namespace intentd::resources::thin_events {
namespace json = boost::json;
using api::Call;
using api::Param;

Param list_params() {
  Param time = Param::string();
  return Param::hash(api::v2_list_params())
      .with({
          {"created", Param::hash({{"gt", time}, {"gte", time}, {"lt", time}, {"lte", time}})},
          {"object_id", Param::string()},
          {"types", Param::array(Param::string())},
      });
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(
      json::object e, api::load_object(txn, call, events::kThinEvent, call.arg(0), "id", "event"));
  return json::value(std::move(e));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q,
                           api::v2_list_query(call, std::string(events::kThinEvent)));
  if (const auto* id = call.param("object_id"))
    q.lookup = store::LookupFilter{"object_id", {std::string(id->as_string())}};
  if (const auto* types = call.param("types")) {
    std::vector<std::string> wanted;
    for (const auto& t : types->as_array()) wanted.emplace_back(t.as_string());
    if (!q.lookup) {
      q.lookup = store::LookupFilter{"type", wanted};
    } else {
      q.keep = [wanted](const json::object& e) {
        return std::find(wanted.begin(), wanted.end(), e.at("type").as_string()) != wanted.end();
      };
    }
  }
  if (const auto* created = call.param("created")) {
    // v2 times have milliseconds; the index is in seconds, so it narrows the scan to whole
    // seconds and each event's own time decides at the edges.
    std::vector<std::pair<std::string, int64_t>> bounds;
    for (const auto& kv : created->as_object()) {
      auto t = parse_rfc3339(kv.value().as_string());
      const std::string param = "created[" + std::string(kv.key()) + "]";
      if (!t)
        return ApiError::invalid_request("Invalid " + param +
                                             ": expected an RFC 3339 date-time such as "
                                             "2025-06-09T21:16:03.000Z.",
                                         param);
      const int64_t second = *t / 1000;
      if (kv.key() == "gt" || kv.key() == "gte") q.created.gte = std::max(q.created.gte, second);
      if (kv.key() == "lt" || kv.key() == "lte") q.created.lte = std::min(q.created.lte, second);
      bounds.emplace_back(kv.key(), *t);
    }
    auto previous = q.keep;
    q.keep = [bounds, previous](const json::object& e) {
      const int64_t at = parse_rfc3339(e.at("created").as_string()).value_or(0);
      for (const auto& [op, t] : bounds) {
        if ((op == "gt" && !(at > t)) || (op == "gte" && !(at >= t)) || (op == "lt" && !(at < t)) ||
            (op == "lte" && !(at <= t)))
          return false;
      }
      return !previous || previous(e);
    };
  }
  return api::v2_list_page(call, txn, q);
}

}  // namespace intentd::resources::thin_events
