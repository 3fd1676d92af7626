// PaymentMethods: /v1/payment_methods create (card, sepa_debit, us_bank_account), retrieve,
// update, list, attach and detach, and /v1/customers/:id/payment_methods. A test token such
// as pm_card_visa used anywhere becomes a new pm_… with that instrument's behaviour.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "domain/processor.h"
#include "store/store.h"

namespace intentd::resources::payment_methods {

inline constexpr ObjectType kType{"payment_method", "pm"};

// A payment method as payments see it: the API object plus its test-instrument behaviour.
struct Instrument {
  boost::json::object object;
  std::optional<domain::CardProfile> card;
  std::optional<domain::BankProfile> bank;
  bool set_up_for_off_session = false;  // a setup (or setup_future_usage) succeeded with it
  bool consumed = false;                // used without a customer, or detached: single use

  std::string id() const { return std::string(object.at("id").as_string()); }
  std::string type() const { return std::string(object.at("type").as_string()); }
  std::string customer() const;  // "" when not attached
};

api::Param create_params();
api::Param update_params();
api::Param list_params();
api::Param attach_params();
api::Param customer_list_params();
// The payment_method_data param payments and setups accept (type + details).
api::Param data_param();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> attach(const api::Call& call, store::Txn& txn);
Result<boost::json::value> detach(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list_for_customer(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> retrieve_for_customer(const api::Call& call, store::ReadTxn& txn);

// The payment method `ref` names: an id of this account, or a test token (which creates a
// new payment method). Errors name `param`.
Result<Instrument> resolve(const api::Call& call, store::Txn& txn, std::string_view ref,
                           const std::string& param);
// A new payment method from checked payment_method_data.
Result<Instrument> create_from_data(const api::Call& call, store::Txn& txn,
                                    const boost::json::value& data, const std::string& param);

// Attaches to `customer` (setup_future_usage, SetupIntents); emits payment_method.attached.
Status attach_to_customer(const api::Call& call, store::Txn& txn, Instrument& pm,
                          const std::string& customer);
// Saves what a payment or setup learned: set up for off-session use, single use spent.
void save_state(const api::Call& call, store::Txn& txn, const Instrument& pm);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::payment_methods
