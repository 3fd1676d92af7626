// Prices: /v1/prices create, retrieve, update and list — what a product costs, once or on a
// recurring schedule, per unit or in tiers. Amounts never change; a price is archived instead.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::prices {

inline constexpr ObjectType kType{"price", "price"};

api::Param create_params();
api::Param update_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

// The params of a price created with its product (POST /v1/products default_price_data).
api::Param default_price_data_param();

// The price of `product` that `params` describe (checked against create_params() or
// default_price_data_param(); errors name params under `prefix`), not yet written. Lookup
// keys are the caller's business.
Result<store::Record> build(const api::Call& call, const boost::json::object& params,
                            std::string_view product, const std::string& prefix);

// Whether `product` has prices (it cannot be deleted then).
bool product_has_prices(const api::Call& call, store::ReadTxn& txn, std::string_view product);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::prices
