// Postal addresses and shipping details as several Stripe resources take and show them
// (customer.address, customer.shipping, later billing_details and charges).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/param_schema.h"

namespace intentd::resources {

// {city, country, line1, line2, postal_code, state}, all optional strings.
api::Param address_param();
// {address (required), name (required), phone}.
api::Param shipping_param();

// The full six-field address object with nulls for what the param left out.
boost::json::object render_address(const boost::json::value& param);
// {address, name, phone} from a checked shipping param.
boost::json::object render_shipping(const boost::json::value& param);

}  // namespace intentd::resources
