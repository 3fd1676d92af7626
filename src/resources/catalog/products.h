// Products: /v1/products create, retrieve, update, delete and list — the goods or services a
// business sells. What they cost lives in Prices; a product with prices cannot be deleted.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::products {

inline constexpr ObjectType kType{"product", "prod"};

api::Param create_params();
api::Param update_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> remove(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

// The params of a product created inline with a price (POST /v1/prices product_data).
api::Param inline_params();
// The product `data` (checked against inline_params(), named under `prefix`) describes, not
// yet written.
Result<store::Record> build_inline(const api::Call& call, store::ReadTxn& txn,
                                   const boost::json::object& data, const std::string& prefix);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::products
