// What a quantity of a Price costs: per unit (whole or decimal unit amounts, after
// transform_quantity) or by tiers (graduated or volume), in the currency's minor units.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "base/result.h"

namespace intentd::domain {

// The amount of `quantity` units of `price` (a price object as the API shows it). `tiers` are
// the price's tiers ({flat_amount[_decimal], unit_amount[_decimal], up_to}) when it is tiered.
// A fraction of a minor unit is rounded half up, once for the whole line. A price whose amount
// the customer chooses cannot be computed: 400 naming `param`.
Result<int64_t> price_amount(const boost::json::object& price, const boost::json::array* tiers,
                             int64_t quantity, const std::string& param);

}  // namespace intentd::domain
