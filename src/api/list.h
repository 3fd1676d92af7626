// The conventions every v1 list endpoint shares: limit, starting_after / ending_before
// cursors, created[gt|gte|lt|lte] filters, and the {object: "list", ...} envelope.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::api {

// limit, starting_after, ending_before and created, to extend a list endpoint's params.
std::vector<Field> list_params();

// A store query for `type` from the list params of `call`.
Result<store::ListQuery> list_query(const Call& call, std::string type);

// Runs `query` and renders the page; a cursor naming no object is resource_missing.
Result<boost::json::value> list_page(const Call& call, store::ReadTxn& txn,
                                     const store::ListQuery& query);

// A page of a short list held in memory (line items of one object): `all` in order, cut at the
// cursors and `limit` of `call`, in the list envelope with `url`.
boost::json::value page_of(const Call& call, boost::json::array all, std::string url);

// v2 lists: `limit` and an opaque `page` token; the answer is
// {data, next_page_url, previous_page_url}.
std::vector<Field> v2_list_params();
Result<store::ListQuery> v2_list_query(const Call& call, std::string type);
Result<boost::json::value> v2_list_page(const Call& call, store::ReadTxn& txn,
                                        const store::ListQuery& query);

}  // namespace intentd::api
