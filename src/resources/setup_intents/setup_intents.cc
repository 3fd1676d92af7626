#include "resources/setup_intents/setup_intents.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "domain/money.h"
#include "resources/customers/customers.h"
#include "resources/payment_methods/mandates.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_attempts.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/shared/client_secret.h"
#include "resources/shared/intent_methods.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::setup_intents {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

// Params that only make sense while confirming.
constexpr const char* kConfirmOnly[] = {"mandate_data", "return_url", "use_stripe_sdk"};

// The payment method types a setup offers when none are named (automatic payment methods).
const json::array kAutomaticTypes{"card", "sepa_debit", "us_bank_account"};

Param payment_method_options_param() {
  return Param::hash({
      {"card",
       Param::hash({{"mandate_options", Param::unsupported()},
                    {"moto", Param::boolean()},
                    {"network", Param::string()},
                    {"request_three_d_secure", Param::one_of({"any", "automatic", "challenge"})},
                    {"three_d_secure", Param::unsupported()}})},
      {"sepa_debit",
       Param::hash({{"mandate_options",
                     Param::hash({{"reference_prefix", Param::string().emptyable()}})}})},
      {"us_bank_account",
       Param::hash(
           {{"financial_connections", Param::unsupported()},
            {"mandate_options", Param::unsupported()},
            {"networks", Param::unsupported()},
            {"verification_method", Param::one_of({"automatic", "instant", "microdeposits"})}})},
  });
}

Param flow_directions_param() {
  return Param::array(Param::one_of({"inbound", "outbound"}));
}

// Fields create and update share.
std::vector<api::Field> common_fields() {
  return {
      {"attach_to_self", Param::boolean()},
      {"customer", Param::string()},
      {"customer_account", Param::unsupported()},
      {"description", Param::string().max_length(1000)},
      {"excluded_payment_method_types", Param::unsupported()},
      {"flow_directions", flow_directions_param()},
      {"metadata", Param::metadata()},
      {"payment_method", Param::string()},
      {"payment_method_configuration", Param::unsupported()},
      {"payment_method_data", payment_methods::data_param()},
      {"payment_method_options", payment_method_options_param()},
      {"payment_method_types", Param::array(Param::string())},
  };
}

json::object render_options(const json::value* given) {
  return render_method_options(given, {{"mandate_options", nullptr},
                                       {"network", nullptr},
                                       {"request_three_d_secure", "automatic"}});
}

// Applies the fields create and update share (other than the payment method) to `o`.
Status apply(json::object& o, const Call& call) {
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "attach_to_self" || k == "customer" || k == "description" || k == "flow_directions") {
      o[k] = v;
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(o["metadata"].as_object(), v));
    } else if (k == "payment_method_options") {
      o["payment_method_options"] = render_options(&v);
    } else if (k == "payment_method_types") {
      INTENTD_TRY(check_payment_method_types(v));
      o["payment_method_types"] = v;
      o["automatic_payment_methods"] = nullptr;
    }
  }
  return Status::Ok();
}

// A payment method given without confirming: the setup waits for its confirmation.
Status take_payment_method(const Call& call, store::Txn& txn, Setup& si) {
  INTENTD_ASSIGN_OR_RETURN(std::optional<payment_methods::Instrument> pm, given_method(call, txn));
  if (!pm) return Status::Ok();
  if (const json::value& current = si.object.at("payment_method");
      !current.is_string() || current.as_string() != pm->id()) {
    si.internal["authenticated"] = false;
    si.object["next_action"] = nullptr;
  }
  si.object["payment_method"] = pm->id();
  si.move(SetupIntentOperation::kUpdate, SetupIntentStatus::kRequiresConfirmation);
  return Status::Ok();
}

ApiError refused(SetupIntentOperation op, const Setup& si) {
  ApiError e = unexpected_state(op, si.status());
  e.extra["setup_intent"] = si.object;
  return e;
}

}  // namespace

Param create_params() {
  std::vector<api::Field> fields = common_fields();
  fields.emplace_back("automatic_payment_methods",
                      Param::hash({{"allow_redirects", Param::one_of({"always", "never"})},
                                   {"enabled", Param::boolean().required()}}));
  fields.emplace_back("confirm", Param::boolean());
  fields.emplace_back("confirmation_token", Param::unsupported());
  fields.emplace_back("mandate_data", mandates::mandate_data_param());
  fields.emplace_back("on_behalf_of", Param::unsupported());
  fields.emplace_back("return_url", Param::string());
  fields.emplace_back("single_use", Param::hash({{"amount", Param::integer().min(1).required()},
                                                 {"currency", Param::string().required()}}));
  fields.emplace_back("usage", Param::one_of({"off_session", "on_session"}));
  fields.emplace_back("use_stripe_sdk", Param::boolean());
  return Param::hash(std::move(fields));
}

Param retrieve_params() {
  return Param::hash({{"client_secret", Param::string()}});
}

Param update_params() {
  return Param::hash(common_fields());
}

Param confirm_params() {
  return Param::hash({
      {"client_secret", Param::string()},
      {"confirmation_token", Param::unsupported()},
      {"mandate_data", mandates::mandate_data_param()},
      {"payment_method", Param::string()},
      {"payment_method_data", payment_methods::data_param()},
      {"payment_method_options", payment_method_options_param()},
      {"return_url", Param::string()},
      {"use_stripe_sdk", Param::boolean()},
  });
}

Param cancel_params() {
  return Param::hash({{"cancellation_reason",
                       Param::one_of({"abandoned", "duplicate", "requested_by_customer"})}});
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"attach_to_self", Param::boolean()},
             {"customer", Param::string()},
             {"customer_account", Param::unsupported()},
             {"payment_method", Param::string()}});
}

Param verify_microdeposits_params() {
  return Param::hash({{"amounts", Param::array(Param::integer())},
                      {"client_secret", Param::string()},
                      {"descriptor_code", Param::string()}});
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  const bool confirm = call.param("confirm") && call.param("confirm")->as_bool();
  if (!confirm)
    for (const char* p : kConfirmOnly)
      if (call.param(p) != nullptr)
        return ApiError::invalid_request(
            "You can only pass " + std::string(p) + " when confirm is true.", p);
  if (call.param("automatic_payment_methods") && call.param("payment_method_types"))
    return ApiError::invalid_request(
        "You may only specify one of these parameters: automatic_payment_methods, "
        "payment_method_types.",
        "automatic_payment_methods", "parameters_exclusive");
  if (const json::value* once = call.param("single_use"))
    INTENTD_TRY(domain::check_currency(once->as_object().at("currency").as_string(),
                                       "single_use[currency]"));
  INTENTD_TRY(check_customer_param(txn, call));

  const std::string id = new_id(kType, call.now_ms);
  json::object apm{{"allow_redirects", "always"}, {"enabled", true}};
  if (const json::value* a = call.param("automatic_payment_methods"))
    for (const auto& kv : a->as_object()) apm[kv.key()] = kv.value();
  Setup si;
  si.object = json::object{
      {"id", id},
      {"object", kType.name},
      {"application", nullptr},
      {"automatic_payment_methods", apm},
      {"cancellation_reason", nullptr},
      {"client_secret", new_client_secret(id)},
      {"created", call.now},
      {"customer", nullptr},
      {"description", nullptr},
      {"excluded_payment_method_types", nullptr},
      {"flow_directions", nullptr},
      {"last_setup_error", nullptr},
      {"latest_attempt", nullptr},
      {"livemode", false},
      {"mandate", nullptr},
      {"metadata", json::object()},
      {"next_action", nullptr},
      {"on_behalf_of", nullptr},
      {"payment_method", nullptr},
      {"payment_method_configuration_details", nullptr},
      {"payment_method_options", render_options(nullptr)},
      {"payment_method_types", kAutomaticTypes},
      {"single_use_mandate", nullptr},
      {"status", "requires_payment_method"},
      {"usage", call.param("usage") ? *call.param("usage") : json::value("off_session")}};
  INTENTD_TRY(apply(si.object, call));
  if (const json::value* once = call.param("single_use")) si.internal["single_use"] = *once;
  if (!confirm) INTENTD_TRY(take_payment_method(call, txn, si));
  const events::Origin origin = events::Origin::of(call);
  insert(txn, origin, si);
  if (confirm) INTENTD_TRY(confirm_setup(call, txn, si));
  return json::value(std::move(si.object));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load(txn, call, call.arg(0)));
  INTENTD_TRY(check_client_secret(call, si));
  return json::value(std::move(si.object));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load(txn, call, call.arg(0)));
  if (!allowed(SetupIntentOperation::kUpdate, si.status()))
    return refused(SetupIntentOperation::kUpdate, si);
  INTENTD_TRY(check_customer_param(txn, call));
  if (const json::value* c = call.param("customer");
      c != nullptr && !si.customer().empty() && c->as_string() != si.customer())
    return ApiError::invalid_request(
        "You cannot change the customer of a SetupIntent once it has one.", "customer");
  INTENTD_TRY(apply(si.object, call));
  INTENTD_TRY(take_payment_method(call, txn, si));
  save(txn, events::Origin::of(call), si);
  return json::value(std::move(si.object));
}

Result<json::value> confirm(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load(txn, call, call.arg(0)));
  INTENTD_TRY(check_client_secret(call, si));
  if (!allowed(SetupIntentOperation::kConfirm, si.status()))
    return refused(SetupIntentOperation::kConfirm, si);
  // An owner (a Checkout Session, whose hosted page confirms it) may refuse API confirms.
  if (call.through_api())
    INTENTD_TRY(owner_permits(IntentRequest::kConfirm, kType, si.object, si.internal));
  if (const json::value* o = call.param("payment_method_options"))
    si.object["payment_method_options"] = render_options(o);
  INTENTD_TRY(confirm_setup(call, txn, si));
  return json::value(std::move(si.object));
}

Result<json::value> cancel(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load(txn, call, call.arg(0)));
  if (!allowed(SetupIntentOperation::kCancel, si.status()))
    return refused(SetupIntentOperation::kCancel, si);
  INTENTD_TRY(owner_permits(IntentRequest::kCancel, kType, si.object, si.internal));
  if (const json::value* waiting = si.internal.if_contains("waiting_attempt");
      waiting && waiting->is_string())
    setup_attempts::finish(txn, call.account, waiting->as_string(),
                           setup_attempts::SetupAttemptOperation::kAbandon, "abandoned", nullptr,
                           false);
  si.internal.erase("waiting_attempt");
  si.internal.erase("waiting_payment_method");
  si.object["cancellation_reason"] =
      call.param("cancellation_reason") ? *call.param("cancellation_reason") : json::value(nullptr);
  si.object["next_action"] = nullptr;
  si.move(SetupIntentOperation::kCancel, SetupIntentStatus::kCanceled);
  save(txn, events::Origin::of(call), si, "setup_intent.canceled");
  return json::value(std::move(si.object));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  const json::value* customer = call.param("customer");
  const json::value* pm = call.param("payment_method");
  if (customer != nullptr)
    q.lookup = store::LookupFilter{"customer", {std::string(customer->as_string())}};
  else if (pm != nullptr)
    q.lookup = store::LookupFilter{"payment_method", {std::string(pm->as_string())}};
  const json::value* self = call.param("attach_to_self");
  if ((customer != nullptr && pm != nullptr) || self != nullptr)
    q.keep = [pm = pm && customer ? std::string(pm->as_string()) : std::string(),
              self = self ? std::optional<bool>(self->as_bool())
                          : std::nullopt](const json::object& o) {
      if (!pm.empty() &&
          (!o.at("payment_method").is_string() || o.at("payment_method").as_string() != pm))
        return false;
      if (self) {
        const json::value* a = o.if_contains("attach_to_self");
        const bool attached = a != nullptr && a->is_bool() && a->as_bool();
        if (attached != *self) return false;
      }
      return true;
    };
  return api::list_page(call, txn, q);
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "customer", customers::kType);
  rules.add(kType, "payment_method", payment_methods::kType);
  rules.add(kType, "latest_attempt", setup_attempts::kType);
  rules.add(kType, "mandate", mandates::kType);
  rules.add(kType, "single_use_mandate", mandates::kType);
  rules.add(setup_attempts::kType, "customer", customers::kType);
  rules.add(setup_attempts::kType, "payment_method", payment_methods::kType);
  rules.add(setup_attempts::kType, "setup_intent", kType);
  rules.add(mandates::kType, "payment_method", payment_methods::kType);
}

}  // namespace intentd::resources::setup_intents
