// Customers: /v1/customers create, retrieve, update, delete and list, with the fields of
// Stripe's customer object. The first resource, and the pattern later resources follow.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::customers {

inline constexpr ObjectType kType{"customer", "cus"};

api::Param create_params();
api::Param update_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> remove(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

// A deliberately loose email check (customers, the checkout page).
bool plausible_email(std::string_view email);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::customers
