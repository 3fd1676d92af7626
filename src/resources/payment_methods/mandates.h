// Mandates: the customer's permission to debit a bank account (SEPA Direct Debit, ACH), created
// when a setup of such a payment method succeeds; GET /v1/mandates/:id.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "events/event_log.h"
#include "resources/payment_methods/payment_methods.h"
#include "store/store.h"

namespace intentd::resources::mandates {

inline constexpr ObjectType kType{"mandate", "mandate"};

// The mandate_data param confirmations take: mandate_data[customer_acceptance].
api::Param mandate_data_param();

// The customer_acceptance of checked mandate_data (accepted_at defaults to now), or nullptr
// when `mandate_data` is absent or "".
boost::json::value customer_acceptance(const boost::json::value* mandate_data, int64_t now);

// Creates the active mandate for `pm`: multi_use, or single_use for {amount, currency}.
boost::json::object create(store::Txn& txn, const intentd::events::Origin& origin,
                           const payment_methods::Instrument& pm,
                           const boost::json::value& acceptance,
                           const boost::json::value* single_use);

Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);

}  // namespace intentd::resources::mandates
