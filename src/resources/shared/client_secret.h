// What a publishable key may do with an intent (as Stripe.js does): act on it only with its
// client_secret, and see only the fields Stripe marks "retrievable with publishable key".
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/call.h"
#include "base/result.h"

namespace intentd::resources {

// A new intent's client_secret: its id, "_secret_" and 25 random base62 characters.
std::string new_client_secret(std::string_view id);

// Ok for a secret key; for a publishable key, the client_secret param must be the intent's.
// `noun` names the intent in the message ("PaymentIntent", "SetupIntent").
Status check_client_secret(const api::Call& call, const boost::json::object& intent,
                           std::string_view noun);

// The intent whole for a secret key; for a publishable key only the `visible` fields.
boost::json::value client_view(const api::Call& call, boost::json::object intent,
                               std::initializer_list<std::string_view> visible);

}  // namespace intentd::resources
