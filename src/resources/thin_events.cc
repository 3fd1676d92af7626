#include "resources/thin_events.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <ctime>

#include "api/list.h"
#include "api/objects.h"
#include "events/event_log.h"

namespace intentd::resources::thin_events {
namespace json = boost::json;
using api::ApiError;
using api::Call;
using api::Param;
using api::Result;

namespace {

// "2025-06-09T21:16:03.000Z" (fraction and zone optional) → unix seconds.
std::optional<int64_t> parse_rfc3339(std::string_view s) {
  std::tm tm{};
  const std::string text(s);
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  std::string_view rest(end);
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    rest.remove_prefix(digits);
  }
  if (rest != "Z" && rest != "" && rest != "+00:00") return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

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
  INTENTD_ASSIGN_OR_RETURN(json::object e, api::load_object(txn, call, events::kThinEventType,
                                                            call.arg(0), "id", "event"));
  return json::value(std::move(e));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q,
                           api::v2_list_query(call, std::string(events::kThinEventType)));
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
    for (const auto& kv : created->as_object()) {
      auto t = parse_rfc3339(kv.value().as_string());
      if (!t)
        return ApiError::invalid_request(
            "Invalid created[" + std::string(kv.key()) + "]: expected an RFC 3339 date-time.",
            "created[" + std::string(kv.key()) + "]");
      if (kv.key() == "gt") q.created.gte = std::max(q.created.gte, *t + 1);
      if (kv.key() == "gte") q.created.gte = std::max(q.created.gte, *t);
      if (kv.key() == "lt") q.created.lte = std::min(q.created.lte, *t - 1);
      if (kv.key() == "lte") q.created.lte = std::min(q.created.lte, *t);
    }
  }
  return api::v2_list_page(call, txn, q);
}

}  // namespace intentd::resources::thin_events
