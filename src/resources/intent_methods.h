// What PaymentIntents, SetupIntents and Checkout Sessions share about payment methods: the
// types intentd offers, which method a confirmation uses, and whether the intent may use it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "api/call.h"
#include "api/result.h"
#include "resources/payment_methods.h"
#include "store/store.h"

namespace intentd::resources {

// A checked payment_method_types param: not empty, and only card, sepa_debit and
// us_bank_account (errors name payment_method_types[i]).
api::Status check_payment_method_types(const boost::json::value& types);

// The method a confirmation of `intent` uses: payment_method or payment_method_data from the
// call, else the one already on the intent; else 400 `unexpected_code` ("You cannot confirm
// this <noun> because it's missing a payment method...") carrying the intent as `object`.
api::Result<payment_methods::Instrument> method_to_confirm(const api::Call& call, store::Txn& txn,
                                                           const boost::json::object& intent,
                                                           std::string_view object,
                                                           std::string_view noun,
                                                           std::string_view unexpected_code);

// Whether `intent` (of `customer`, "" for none) may use `pm`: a type it accepts (else 400
// `incompatible_code`), not another customer's, not spent.
api::Status check_method_usable(const boost::json::object& intent, const std::string& customer,
                                const payment_methods::Instrument& pm, std::string_view noun,
                                std::string_view incompatible_code);

}  // namespace intentd::resources
