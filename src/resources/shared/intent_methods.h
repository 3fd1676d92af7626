// What PaymentIntents, SetupIntents and Checkout Sessions share about payment methods: the
// types intentd offers, which method a confirmation uses, and whether the intent may use it.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

#include "api/call.h"
#include "base/result.h"
#include "resources/payment_methods/payment_methods.h"
#include "store/store.h"

namespace intentd::resources {

// A checked payment_method_types param: not empty, and only card, sepa_debit and
// us_bank_account (errors name payment_method_types[i]).
Status check_payment_method_types(const boost::json::value& types);

// The payment method the call names with payment_method (an id or test token) or
// payment_method_data (a new one); nullopt when it names none.
Result<std::optional<payment_methods::Instrument>> given_method(const api::Call& call,
                                                                store::Txn& txn);

// The method a confirmation of `intent` uses: payment_method or payment_method_data from the
// call, else the one already on the intent; else 400 `unexpected_code` ("You cannot confirm
// this <noun> because it's missing a payment method...") carrying the intent as `object`.
Result<payment_methods::Instrument> method_to_confirm(const api::Call& call, store::Txn& txn,
                                                      const boost::json::object& intent,
                                                      std::string_view object,
                                                      std::string_view noun,
                                                      std::string_view unexpected_code);

// Whether `intent` (of `customer`, "" for none) may use `pm`: a type it accepts (else 400
// `incompatible_code`), not another customer's, not spent.
Status check_method_usable(const boost::json::object& intent, const std::string& customer,
                           const payment_methods::Instrument& pm, std::string_view noun,
                           std::string_view incompatible_code);

// Ok when the call names no customer or one of this account; else 400 resource_missing
// naming `customer`.
Status check_customer_param(store::ReadTxn& txn, const api::Call& call);

// payment_method_options as an intent shows them: what was given (unset values left out), and
// the card's options over `card_defaults`.
boost::json::object render_method_options(const boost::json::value* given,
                                          boost::json::object card_defaults);

}  // namespace intentd::resources
