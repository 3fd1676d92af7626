// What a publishable key may do with an intent (as Stripe.js does): act on it only with its
// client_secret. (What it sees of the intent is its family's api::ClientView.)
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
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

}  // namespace intentd::resources
