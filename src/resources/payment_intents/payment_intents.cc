#include "resources/payment_intents/payment_intents.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "domain/amount_details.h"
#include "domain/money.h"
#include "resources/customers/customers.h"
#include "resources/money/charges.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_methods/mandates.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/shared/address.h"
#include "resources/shared/client_secret.h"
#include "resources/shared/intent_methods.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

// Params that only make sense while confirming.
constexpr const char* kConfirmOnly[] = {
    "error_on_requires_action", "mandate",      "mandate_data", "off_session", "return_url",
    "use_stripe_sdk",           "radar_options"};

Param intent_shipping_param() {
  return Param::hash({
      {"address", address_param().required()},
      {"carrier", Param::string()},
      {"name", Param::string().required()},
      {"phone", Param::string()},
      {"tracking_number", Param::string()},
  });
}

json::object render_intent_shipping(const json::value& v) {
  json::object s = render_shipping(v);
  const json::object& in = v.as_object();
  s["carrier"] = in.contains("carrier") ? in.at("carrier") : json::value(nullptr);
  s["tracking_number"] =
      in.contains("tracking_number") ? in.at("tracking_number") : json::value(nullptr);
  return s;
}

Param card_options_param() {
  const Param availability = Param::one_of({"if_available", "never"});
  return Param::hash({
      {"capture_method", Param::one_of({"manual"}).emptyable()},
      {"cvc_token", Param::unsupported()},
      {"installments", Param::unsupported()},
      {"mandate_options", Param::unsupported()},
      {"moto", Param::boolean()},
      {"network", Param::string()},
      {"request_extended_authorization", availability},
      {"request_incremental_authorization", availability},
      {"request_multicapture", availability},
      {"request_overcapture", availability},
      {"request_three_d_secure", Param::one_of({"any", "automatic", "challenge"})},
      {"require_cvc_recollection", Param::boolean()},
      {"setup_future_usage", Param::one_of({"none", "off_session", "on_session"}).emptyable()},
      {"statement_descriptor_suffix_kana", Param::string().emptyable()},
      {"statement_descriptor_suffix_kanji", Param::string().emptyable()},
      {"three_d_secure", Param::unsupported()},
  });
}

Param bank_options_param() {
  return Param::hash({
      {"financial_connections", Param::unsupported()},
      {"mandate_options", Param::unsupported()},
      {"networks", Param::unsupported()},
      {"setup_future_usage", Param::one_of({"none", "off_session", "on_session"}).emptyable()},
      {"target_date", Param::string()},
      {"transaction_purpose", Param::unsupported()},
      {"verification_method", Param::one_of({"automatic", "instant", "microdeposits"})},
  });
}

Param payment_method_options_param() {
  return Param::hash({
      {"card", card_options_param().emptyable()},
      {"sepa_debit", bank_options_param().emptyable()},
      {"us_bank_account", bank_options_param().emptyable()},
  });
}

}  // namespace

Param amount_details_param() {
  const Param commodity = Param::hash({{"commodity_code", Param::string().max_length(12)}});
  const Param item = Param::hash({
      {"discount_amount", Param::integer().min(1)},
      {"payment_method_options", Param::hash({{"card", commodity},
                                              {"card_present", commodity},
                                              {"klarna", Param::unsupported()},
                                              {"paypal", Param::unsupported()}})},
      {"product_code", Param::string().max_length(12)},
      {"product_name", Param::string().max_length(1024).required()},
      {"quantity", Param::integer().min(1).required()},
      {"tax", Param::hash({{"total_tax_amount", Param::integer().min(0).required()}})},
      {"unit_cost", Param::integer().min(0).required()},
      {"unit_of_measure", Param::string().max_length(12)},
  });
  return Param::hash(
             {
                 {"discount_amount", Param::integer().min(0).emptyable()},
                 {"enforce_arithmetic_validation", Param::boolean()},
                 {"line_items", Param::array(item).emptyable()},
                 {"shipping",
                  Param::hash({{"amount", Param::integer().min(0).emptyable()},
                               {"from_postal_code", Param::string().max_length(10).emptyable()},
                               {"to_postal_code", Param::string().max_length(10).emptyable()}})
                      .emptyable()},
                 {"tax", Param::hash({{"total_tax_amount", Param::integer().min(0).required()}})
                             .emptyable()},
             })
      .emptyable();
}

Param payment_details_param() {
  return Param::hash({{"customer_reference", Param::string().max_length(200).emptyable()},
                      {"order_reference", Param::string().max_length(200).emptyable()}})
      .emptyable();
}

namespace {

// Fields create and update share.
std::vector<api::Field> common_fields() {
  return {
      {"amount_details", amount_details_param()},
      {"application_fee_amount", Param::unsupported()},
      {"capture_method", Param::one_of({"automatic", "automatic_async", "manual"})},
      {"customer", Param::string()},
      {"customer_account", Param::unsupported()},
      {"description", Param::string().max_length(1000)},
      {"excluded_payment_method_types", Param::unsupported()},
      {"hooks", Param::unsupported()},
      {"metadata", Param::metadata()},
      {"payment_details", payment_details_param()},
      {"payment_method", Param::string()},
      {"payment_method_configuration", Param::unsupported()},
      {"payment_method_data", payment_methods::data_param()},
      {"payment_method_options", payment_method_options_param()},
      {"payment_method_types", Param::array(Param::string())},
      {"receipt_email", Param::string().emptyable()},
      {"setup_future_usage", Param::one_of({"off_session", "on_session"}).emptyable()},
      {"shipping", intent_shipping_param().emptyable()},
      {"statement_descriptor", Param::string().max_length(22)},
      {"statement_descriptor_suffix", Param::string().max_length(22)},
      {"transfer_data", Param::unsupported()},
      {"transfer_group", Param::unsupported()},
  };
}

// The payment method types an intent accepts: the ones asked for, or what automatic payment
// methods offer in its currency.
json::array default_types(std::string_view currency) {
  json::array t{"card"};
  if (currency == "eur") t.emplace_back("sepa_debit");
  if (currency == "usd") t.emplace_back("us_bank_account");
  return t;
}

json::object render_options(const json::value* given) {
  return render_method_options(given, {{"installments", nullptr},
                                       {"mandate_options", nullptr},
                                       {"network", nullptr},
                                       {"request_three_d_secure", "automatic"}});
}

// Applies the fields create and update share to `o`; `creating` allows what update may not.
Status apply(json::object& o, const Call& call) {
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "capture_method" || k == "description" || k == "statement_descriptor" ||
        k == "statement_descriptor_suffix") {
      o[k] = v;
    } else if (k == "receipt_email" || k == "setup_future_usage") {
      o[k] = v;  // "" unsets (null)
    } else if (k == "shipping") {
      o["shipping"] = v.is_null() ? json::value(nullptr) : json::value(render_intent_shipping(v));
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

}  // namespace

Status apply_details(Intent& pi, const Call& call) {
  if (const json::value* v = call.param("amount_details")) {
    if (v->is_null()) {
      pi.internal.erase("amount_details");
      pi.object["amount_details"] = domain::shown_amount_details(std::nullopt);
    } else {
      INTENTD_ASSIGN_OR_RETURN(json::object d, domain::check_amount_details(
                                                   *v, pi.amount(), "amount_details", call.now_ms));
      pi.object["amount_details"] = domain::shown_amount_details(d);
      pi.internal["amount_details"] = std::move(d);
    }
  }
  apply_payment_details(pi, call);
  return Status::Ok();
}

void apply_payment_details(Intent& pi, const Call& call) {
  const json::value* v = call.param("payment_details");
  if (v == nullptr) return;
  if (v->is_null()) {
    pi.object.erase("payment_details");
    return;
  }
  json::object shown{{"customer_reference", nullptr}, {"order_reference", nullptr}};
  for (const auto& kv : v->as_object()) shown[kv.key()] = kv.value();
  pi.object["payment_details"] = std::move(shown);
}

std::vector<api::Field> confirm_fields() {
  return {
      {"amount_details", amount_details_param()},
      {"capture_method", Param::one_of({"automatic", "automatic_async", "manual"})},
      {"client_secret", Param::string()},
      {"confirmation_token", Param::unsupported()},
      {"error_on_requires_action", Param::boolean()},
      {"mandate", Param::string()},
      {"mandate_data", mandates::mandate_data_param()},
      // true, false, one_off or recurring: checked when the confirmation runs.
      {"off_session", Param::string()},
      {"payment_details", payment_details_param()},
      {"payment_method", Param::string()},
      {"payment_method_data", payment_methods::data_param()},
      {"payment_method_options", payment_method_options_param()},
      {"payment_method_types", Param::array(Param::string())},
      {"radar_options", Param::unsupported()},
      {"receipt_email", Param::string().emptyable()},
      {"return_url", Param::string()},
      {"setup_future_usage", Param::one_of({"off_session", "on_session"}).emptyable()},
      {"shipping", intent_shipping_param().emptyable()},
      {"use_stripe_sdk", Param::boolean()},
  };
}

Param confirm_params() {
  return Param::hash(confirm_fields());
}

Param create_params() {
  std::vector<api::Field> fields = common_fields();
  for (auto& f : confirm_fields()) {
    bool present = false;
    for (const auto& existing : fields) present = present || existing.first == f.first;
    if (!present) fields.push_back(std::move(f));
  }
  fields.emplace_back("amount", Param::integer().required());
  fields.emplace_back("automatic_payment_methods",
                      Param::hash({{"allow_redirects", Param::one_of({"always", "never"})},
                                   {"enabled", Param::boolean().required()}}));
  fields.emplace_back("confirm", Param::boolean());
  fields.emplace_back("confirmation_method", Param::one_of({"automatic", "manual"}));
  fields.emplace_back("confirmation_token", Param::unsupported());
  fields.emplace_back("currency", Param::string().required());
  fields.emplace_back("on_behalf_of", Param::unsupported());
  return Param::hash(std::move(fields));
}

Param retrieve_params() {
  return Param::hash({{"client_secret", Param::string()}});
}

Param update_params() {
  return Param::hash(common_fields())
      .with({{"amount", Param::integer()}, {"currency", Param::string()}});
}

Param cancel_params() {
  return Param::hash(
      {{"cancellation_reason",
        Param::one_of({"duplicate", "fraudulent", "requested_by_customer", "abandoned"})}});
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"customer", Param::string()}, {"customer_account", Param::unsupported()}});
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  const int64_t amount = call.param("amount")->as_int64();
  const std::string currency(call.param("currency")->as_string());
  INTENTD_TRY(domain::check_charge_amount(amount, currency));
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
  INTENTD_TRY(check_customer_param(txn, call));

  const std::string id = new_id(kType, call.now_ms);
  json::object apm{{"allow_redirects", "always"}, {"enabled", true}};
  if (const json::value* a = call.param("automatic_payment_methods"))
    for (const auto& kv : a->as_object()) apm[kv.key()] = kv.value();
  Intent pi;
  pi.object = json::object{
      {"id", id},
      {"object", kType.name},
      {"amount", amount},
      {"amount_capturable", 0},
      {"amount_details", json::object{{"tip", json::object()}}},
      {"amount_received", 0},
      {"application", nullptr},
      {"application_fee_amount", nullptr},
      {"automatic_payment_methods", apm},
      {"canceled_at", nullptr},
      {"cancellation_reason", nullptr},
      {"capture_method", "automatic_async"},
      {"client_secret", new_client_secret(id)},
      {"confirmation_method", call.param("confirmation_method") ? *call.param("confirmation_method")
                                                                : json::value("automatic")},
      {"created", call.now},
      {"currency", currency},
      {"customer", call.param("customer") ? *call.param("customer") : json::value(nullptr)},
      {"description", nullptr},
      {"excluded_payment_method_types", nullptr},
      {"last_payment_error", nullptr},
      {"latest_charge", nullptr},
      {"livemode", false},
      {"metadata", json::object()},
      {"next_action", nullptr},
      {"on_behalf_of", nullptr},
      {"payment_method", nullptr},
      {"payment_method_configuration_details", nullptr},
      {"payment_method_options", render_options(nullptr)},
      {"payment_method_types", default_types(currency)},
      {"processing", nullptr},
      {"receipt_email", nullptr},
      {"review", nullptr},
      {"setup_future_usage", nullptr},
      {"shipping", nullptr},
      {"source", nullptr},
      {"statement_descriptor", nullptr},
      {"statement_descriptor_suffix", nullptr},
      {"status", "requires_payment_method"},
      {"transfer_data", nullptr},
      {"transfer_group", nullptr}};
  INTENTD_TRY(apply(pi.object, call));
  INTENTD_TRY(apply_details(pi, call));

  // A payment method given at create moves the intent to requires_confirmation.
  if (!confirm) {
    INTENTD_ASSIGN_OR_RETURN(std::optional<payment_methods::Instrument> pm,
                             given_method(call, txn));
    if (pm) {
      pi.object["payment_method"] = pm->id();
      pi.move(PaymentIntentOperation::kUpdatePaymentMethod,
              PaymentIntentStatus::kRequiresConfirmation);
    }
  }
  const events::Origin origin = events::Origin::of(call);
  insert(txn, origin, pi);
  if (confirm) {
    const Status confirmed = confirm_intent(call, txn, pi);
    if (!confirmed.ok()) return confirmed.error();
  }
  if (pi.unsaved) save(txn, origin, pi);
  return json::value(std::move(pi.object));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  INTENTD_TRY(check_client_secret(call, pi));
  return json::value(std::move(pi.object));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  const PaymentIntentStatus from = pi.status();
  // Stripe's unexpected-state errors carry the intent as it is.
  auto refuse = [&pi, from](PaymentIntentOperation op) {
    ApiError e = unexpected_state(op, from);
    e.extra["payment_intent"] = pi.object;
    return e;
  };
  if (from == PaymentIntentStatus::kCanceled || from == PaymentIntentStatus::kSucceeded) {
    // Only bookkeeping fields change once the payment is over.
    for (const auto& kv : call.params)
      if (kv.key() != "metadata" && kv.key() != "description" && kv.key() != "receipt_email" &&
          kv.key() != "shipping") {
        if (kv.key() == "payment_method" || kv.key() == "payment_method_data")
          return refuse(PaymentIntentOperation::kUpdatePaymentMethod);
        return refuse(PaymentIntentOperation::kUpdateAmount);
      }
  }
  for (const char* money : {"amount", "currency", "capture_method"})
    if (call.param(money) && !allowed(PaymentIntentOperation::kUpdateAmount, from))
      return refuse(PaymentIntentOperation::kUpdateAmount);
  if ((call.param("payment_method") || call.param("payment_method_data")) &&
      !allowed(PaymentIntentOperation::kUpdatePaymentMethod, from))
    return refuse(PaymentIntentOperation::kUpdatePaymentMethod);
  INTENTD_TRY(check_customer_param(txn, call));

  if (const json::value* c = call.param("currency")) {
    INTENTD_TRY(domain::check_currency(c->as_string()));
    pi.object["currency"] = *c;
  }
  if (const json::value* a = call.param("amount")) {
    INTENTD_TRY(domain::check_charge_amount(a->as_int64(), pi.object["currency"].as_string()));
    pi.object["amount"] = *a;
  }
  if (const json::value* c = call.param("customer")) pi.object["customer"] = *c;
  INTENTD_TRY(apply(pi.object, call));
  INTENTD_TRY(apply_details(pi, call));

  INTENTD_ASSIGN_OR_RETURN(std::optional<payment_methods::Instrument> pm, given_method(call, txn));
  if (pm) {
    // A new payment method needs a new confirmation (and, for cards, a new authentication).
    pi.object["payment_method"] = pm->id();
    pi.object["next_action"] = nullptr;
    pi.internal["authenticated"] = false;
    pi.move(PaymentIntentOperation::kUpdatePaymentMethod,
            PaymentIntentStatus::kRequiresConfirmation);
  }
  save(txn, events::Origin::of(call), pi);
  return json::value(std::move(pi.object));
}

Result<json::value> confirm(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  INTENTD_TRY(check_client_secret(call, pi));
  if (!allowed(PaymentIntentOperation::kConfirm, pi.status())) {
    ApiError e = unexpected_state(PaymentIntentOperation::kConfirm, pi.status());
    e.extra["payment_intent"] = pi.object;
    return e;
  }
  // With confirmation_method=manual only the server (a secret key) may confirm.
  if (call.key_kind == store::KeyKind::kPublishable &&
      pi.object.at("confirmation_method") == "manual")
    return ApiError::invalid_request(
        "This PaymentIntent has confirmation_method=manual, so it can only be confirmed with "
        "your secret key.",
        {}, "payment_intent_unexpected_state");
  // An owner (whose hosted page confirms it) may keep API confirms from its intent.
  if (call.through_api())
    INTENTD_TRY(owner_permits(IntentRequest::kConfirm, kType, pi.object, pi.internal));
  INTENTD_TRY(apply(pi.object, call));
  INTENTD_TRY(apply_details(pi, call));
  const Status confirmed = confirm_intent(call, txn, pi);
  if (!confirmed.ok()) return confirmed.error();
  return json::value(std::move(pi.object));
}

Result<json::value> cancel(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  const PaymentIntentStatus from = pi.status();
  if (!allowed(PaymentIntentOperation::kCancel, from)) {
    ApiError e = unexpected_state(PaymentIntentOperation::kCancel, from);
    e.extra["payment_intent"] = pi.object;
    return e;
  }
  // An owner (a Checkout Session) may keep the intent's end to itself.
  if (Status permitted = owner_permits(IntentRequest::kCancel, kType, pi.object, pi.internal);
      !permitted.ok()) {
    ApiError e = std::move(permitted).error();
    e.extra["payment_intent"] = pi.object;
    return e;
  }
  // Of the debits still processing, only US bank account ones can be stopped.
  if (from == PaymentIntentStatus::kProcessing) {
    const json::value& pm = pi.object.at("payment_method");
    auto stored = pm.is_string() ? txn.get(call.account, payment_methods::kType, pm.as_string())
                                 : std::nullopt;
    if (!stored || stored->at("type") != "us_bank_account") {
      ApiError e = unexpected_state(PaymentIntentOperation::kCancel, from);
      e.message =
          "You cannot cancel this PaymentIntent because it has a status of processing. "
          "Only a PaymentIntent with a us_bank_account payment method can be canceled "
          "while processing.";
      e.extra["payment_intent"] = pi.object;
      return e;
    }
  }
  const events::Origin origin = events::Origin::of(call);
  // Held funds go back: the uncaptured (or not yet settled) charge is released.
  if (const json::value& latest = pi.object["latest_charge"];
      latest.is_string() &&
      (from == PaymentIntentStatus::kRequiresCapture || from == PaymentIntentStatus::kProcessing)) {
    INTENTD_ASSIGN_OR_RETURN(json::object ch, charges::load(txn, call.account, latest.as_string()));
    const json::object before = ch;
    if (from == PaymentIntentStatus::kRequiresCapture) {
      // What was never captured is released (refunds of captured money are already counted).
      const int64_t uncaptured = ch["amount"].as_int64() - ch["amount_captured"].as_int64();
      ch["amount_refunded"] = ch["amount_refunded"].as_int64() + std::max<int64_t>(0, uncaptured);
      ch["refunded"] = ch["amount_captured"].as_int64() == 0;
      charges::save(txn, origin, ch, before, "charge.refunded");
    } else {
      charges::move(ch, charges::ChargeOperation::kCancel, charges::ChargeStatus::kFailed);
      ch["failure_code"] = "payment_intent_canceled";
      ch["failure_message"] = "The PaymentIntent was canceled before the debit settled.";
      charges::save(txn, origin, ch, before, "charge.failed");
    }
  }
  pi.move(PaymentIntentOperation::kCancel, PaymentIntentStatus::kCanceled);
  pi.object["canceled_at"] = call.now;
  pi.object["cancellation_reason"] =
      call.param("cancellation_reason") ? *call.param("cancellation_reason") : json::value(nullptr);
  pi.object["amount_capturable"] = 0;
  pi.object["next_action"] = nullptr;
  save(txn, origin, pi, "payment_intent.canceled");
  return json::value(std::move(pi.object));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  if (const auto* c = call.param("customer"))
    q.lookup = store::LookupFilter{"customer", {std::string(c->as_string())}};
  return api::list_page(call, txn, q);
}

namespace {

// The intent's payment line items as a list object.
json::value line_items_list(const json::object& internal, const std::string& id) {
  json::array data;
  if (const json::value* d = internal.if_contains("amount_details"); d && d->is_object())
    if (const json::value* items = d->as_object().if_contains("line_items");
        items && items->is_array())
      data = items->as_array();
  return json::object{{"object", "list"},
                      {"data", std::move(data)},
                      {"has_more", false},
                      {"url", "/v1/payment_intents/" + id + "/amount_details_line_items"}};
}

}  // namespace

Param line_items_params() {
  return Param::hash(api::list_params());
}

Result<json::value> list_line_items(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  // At most 200 items, kept beside the intent: paged in memory.
  json::value all = line_items_list(pi.internal, pi.id());
  json::object& list = all.as_object();
  return api::page_of(call, std::move(list["data"].as_array()),
                      std::string(list["url"].as_string()));
}

void add_expandables(api::ExpandRules& rules) {
  rules.add_computed(kType, "amount_details.line_items",
                     [](const json::object& pi, std::string_view account, store::ReadTxn& txn) {
                       const std::string id(pi.at("id").as_string());
                       auto internal = txn.get_internal(account, kType, id);
                       return line_items_list(internal ? *internal : json::object(), id);
                     });
  rules.add(kType, "customer", customers::kType);
  rules.add(kType, "payment_method", payment_methods::kType);
  rules.add(kType, "latest_charge", charges::kType);
}

}  // namespace intentd::resources::payment_intents
