#include "resources/money/balance.h"

#include <algorithm>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/objects.h"
#include "base/ids.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/money/refunds.h"

namespace intentd::resources::balance {
namespace json = boost::json;
using api::Call;
using api::Param;
using ledger::kTransaction;

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"currency", Param::string()},
             {"payout", Param::unsupported()},
             {"source", Param::string()},
             {"type", Param::string()}});
}

Result<json::value> retrieve_balance(const Call& call, store::ReadTxn& txn) {
  return json::value(ledger::current(txn, call.account));
}

Result<json::value> retrieve_transaction(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object t, api::load_object(txn, call, kTransaction, call.arg(0)));
  return json::value(std::move(t));
}

Result<json::value> list_transactions(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kTransaction)));
  // `source` uses its index; type and currency are checked on each row.
  std::vector<std::pair<std::string, std::string>> filters;
  for (const char* field : {"source", "type", "currency"})
    if (const json::value* v = call.param(field)) {
      std::string value(v->as_string());
      if (std::string_view(field) == "currency")
        std::transform(value.begin(), value.end(), value.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      filters.emplace_back(field, std::move(value));
    }
  if (!filters.empty() && filters.front().first == "source") {
    q.lookup = store::LookupFilter{filters.front().first, {filters.front().second}};
    filters.erase(filters.begin());
  }
  if (!filters.empty())
    q.keep = [filters](const json::object& o) {
      for (const auto& [field, value] : filters)
        if (o.at(field).as_string() != value) return false;
      return true;
    };
  return api::list_page(call, txn, q);
}

void add_expandables(api::ExpandRules& rules) {
  // source names an object of one of several types (a charge, a refund, ...): its prefix
  // says which.
  rules.add_computed(
      kTransaction, "source",
      [](const json::object& t, std::string_view account, store::ReadTxn& txn) -> json::value {
        const json::value& source = t.at("source");
        if (!source.is_string()) return source;
        const std::string_view id = source.as_string();
        for (const ObjectType& type : {refunds::kType, charges::kType})
          if (has_prefix(id, type.prefix)) {
            auto o = txn.get(account, type, id);
            return o ? json::value(std::move(*o)) : source;
          }
        return source;
      });
}

}  // namespace intentd::resources::balance
