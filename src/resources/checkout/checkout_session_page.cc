#include "resources/checkout/checkout_session_page.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "resources/checkout/checkout_session_state.h"
#include "resources/customers/customers.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/setup_intents/setup_intents.h"
#include "resources/shared/address.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::checkout_sessions {
namespace json = boost::json;
using api::Call;

namespace {

constexpr std::string_view kAuthenticationFailed =
    "We are unable to authenticate your payment method. Please choose a different payment "
    "method and try again.";

std::string text(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

std::string success_url(const Session& s) {
  std::string url = text(s.object.at("success_url"));
  const std::string placeholder = "{CHECKOUT_SESSION_ID}";
  for (auto at = url.find(placeholder); at != std::string::npos; at = url.find(placeholder))
    url.replace(at, placeholder.size(), s.id());
  return url;
}

// "MM / YY", "MM/YY" or "MM/YYYY" → month and year as the API takes them; empty when unreadable.
std::pair<std::string, std::string> expiry_of(std::string_view e) {
  std::string digits;
  for (char c : e)
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != ' ' && c != '/')
      return {};
  if (digits.size() != 4 && digits.size() != 6) return {};
  return {digits.substr(0, 2), digits.substr(2)};
}

// Whether the session lists payment method type `type`.
bool offers(const Session& s, std::string_view type) {
  for (const auto& t : s.object.at("payment_method_types").as_array())
    if (t.as_string() == type) return true;
  return false;
}

// The email the session knows before the customer types one: its customer's, or
// customer_email. The page shows it instead of asking.
std::string known_email(store::ReadTxn& txn, std::string_view account, const Session& s) {
  if (const json::value& c = s.object.at("customer"); c.is_string())
    if (auto customer = txn.get(account, "customer", c.as_string()))
      if (std::string email = text(customer->at("email")); !email.empty()) return email;
  return text(s.object.at("customer_email"));
}

// What the form is missing or got wrong, in the words of Stripe's payment form. `f.email` is
// the known email when there is one.
std::string check_form(const Session& s, const PageForm& f) {
  // A session for a customer without an email may go without one; any other needs one.
  const bool needed = !s.object.at("customer").is_string();
  if ((needed || !f.email.empty()) && !customers::plausible_email(f.email))
    return f.email.empty() ? "Enter your email address." : "Your email address is invalid.";
  if (!offers(s, f.method) || (f.method != "card" && f.method != "sepa_debit"))
    return "Choose a payment method.";
  if (f.name.empty())
    return f.method == "card" ? "Enter the name on your card." : "Enter the account holder's name.";
  if (f.method == "sepa_debit") return f.iban.empty() ? "Your IBAN is incomplete." : "";
  if (f.card_number.empty()) return "Your card number is incomplete.";
  if (expiry_of(f.card_expiry).first.empty()) return "Your card's expiration date is incomplete.";
  if (f.card_cvc.empty()) return "Your card's security code is incomplete.";
  return "";
}

// payment_method_data from the form, as a browser would post it (strings).
json::object payment_method_data(const PageForm& f) {
  json::object billing{{"name", f.name}};
  if (!f.email.empty()) billing["email"] = f.email;
  json::object d{{"type", f.method}, {"billing_details", std::move(billing)}};
  if (f.method == "sepa_debit") {
    d["sepa_debit"] = json::object{{"iban", f.iban}};
  } else {
    const auto [month, year] = expiry_of(f.card_expiry);
    d["card"] = json::object{{"number", f.card_number},
                             {"exp_month", month.empty() ? f.card_expiry : month},
                             {"exp_year", year.empty() ? f.card_expiry : year},
                             {"cvc", f.card_cvc}};
  }
  return d;
}

json::object mandate_data(const PageForm& f) {
  return {{"customer_acceptance",
           json::object{
               {"type", "online"},
               {"online", json::object{{"ip_address", "127.0.0.1"},
                                       {"user_agent", f.user_agent.empty() ? std::string("unknown")
                                                                           : f.user_agent}}}}}};
}

// A handler's answer, whose writes stay when it succeeded or when it was a decline.
struct Kept {
  Result<json::value> r;
  bool ok() const { return r.ok() || r.error().keep_writes; }
};

// Runs an endpoint's handler for the page with `raw` params checked against `schema`.
Result<json::value> run(store::Txn& txn, const Call& page, const api::Param& schema,
                        const json::object& raw, std::vector<std::string> args,
                        Result<json::value> (*handler)(const Call&, store::Txn&)) {
  INTENTD_ASSIGN_OR_RETURN(json::object params, schema.check_request(raw));
  Call call = page;
  call.params = std::move(params);
  call.path_args = std::move(args);
  return store::atomically(txn, [&] { return Kept{handler(call, txn)}; }).r;
}

// The customer the session pays or saves for: its own, or one made now (customer_creation
// always). "" when the session goes without.
Result<std::string> customer_for(store::Txn& txn, const Call& page, Session& s, const PageForm& f) {
  if (const json::value& c = s.object.at("customer"); c.is_string())
    return std::string(c.as_string());
  if (s.object.at("customer_creation") != "always") return std::string();
  INTENTD_ASSIGN_OR_RETURN(json::value c, run(txn, page, customers::create_params(),
                                              json::object{{"email", f.email}, {"name", f.name}},
                                              {}, customers::create));
  s.object["customer"] = c.at("id");
  return std::string(c.at("id").as_string());
}

json::object details_of(const PageForm& f, const std::string& email) {
  return {{"address", render_address(nullptr)},
          {"business_name", nullptr},
          {"email", email.empty() ? json::value(nullptr) : json::value(email)},
          {"individual_name", nullptr},
          {"name", f.name},
          {"phone", nullptr},
          {"tax_exempt", "none"},
          {"tax_ids", json::array()}};
}

// Where the browser goes once the session is complete.
PageOutcome done(const Call& page, const Session& s) {
  const std::string url = success_url(s);
  return {url.empty() ? page_url(page, s.id()) : url, ""};
}

PageOutcome shown_again(store::Txn& txn, const Call& page, Session& s, std::string message) {
  s.internal["page_error"] = message;
  save(txn, events::Origin::of(page), s);
  return {"", std::move(message)};
}

// The next step for an intent (a PaymentIntent or SetupIntent) after confirming.
PageOutcome next_step(store::Txn& txn, const Call& page, Session& s, const json::object& intent,
                      std::string_view paid_status) {
  const std::string status(intent.at("status").as_string());
  const events::Origin origin = events::Origin::of(page);
  json::object details = s.internal.contains("pending_details")
                             ? s.internal.at("pending_details").as_object()
                             : json::object();
  if (status == "succeeded" || status == "requires_capture") {
    complete(txn, origin, s, paid_status, std::move(details));
    return done(page, s);
  }
  if (status == "processing") {  // a debit that settles later
    complete(txn, origin, s, "unpaid", std::move(details));
    return done(page, s);
  }
  if (status == "requires_action") {
    const json::object& next = intent.at("next_action").as_object();
    if (const json::value* r = next.if_contains("redirect_to_url")) {
      // Off to 3-D Secure: the session keeps its PaymentIntent (and customer, and the details
      // typed) for the way back.
      s.internal.erase("page_error");
      save(txn, origin, s);
      return {std::string(r->as_object().at("url").as_string()), ""};
    }
  }
  std::string message = "Your payment could not be completed. Please try another payment method.";
  if (const json::value* e = intent.if_contains("last_payment_error"); e && e->is_object())
    message = e->as_object().at("message").as_string();
  if (const json::value* e = intent.if_contains("last_setup_error"); e && e->is_object())
    message = e->as_object().at("message").as_string();
  return shown_again(txn, page, s, message);
}

Result<PageOutcome> pay(store::Txn& txn, const Call& page, Session& s, const PageForm& f,
                        const std::string& customer) {
  json::object raw{{"payment_method_data", payment_method_data(f)},
                   {"return_url", page_url(page, s.id()) + "/return"}};
  if (f.method == "sepa_debit") raw["mandate_data"] = mandate_data(f);
  Result<json::value> r = ApiError::internal();
  const json::value& existing = s.object.at("payment_intent");
  if (existing.is_string()) {
    r = run(txn, page, payment_intents::confirm_params(), raw, {std::string(existing.as_string())},
            payment_intents::confirm);
  } else {
    raw["amount"] = std::to_string(s.object.at("amount_total").as_int64());
    raw["currency"] = s.object.at("currency");
    raw["confirm"] = "true";
    raw["payment_method_types"] = s.object.at("payment_method_types");
    if (!customer.empty()) raw["customer"] = customer;
    if (!f.email.empty()) raw["receipt_email"] = f.email;
    if (const json::value* d = s.internal.if_contains("payment_intent_data"))
      for (const auto& kv : d->as_object()) {
        if (kv.value().is_int64())
          raw[kv.key()] = std::to_string(kv.value().as_int64());
        else
          raw[kv.key()] = kv.value();
      }
    r = run(txn, page, payment_intents::create_params(), raw, {}, payment_intents::create);
  }
  if (!r.ok() && !r.error().keep_writes) return shown_again(txn, page, s, r.error().message);
  const json::object intent =
      r.ok() ? r->as_object() : r.error().extra.at("payment_intent").as_object();
  if (!existing.is_string()) {
    // The intent belongs to the session: its settlement reaches the session.
    auto pi = payment_intents::load(txn, page.account, intent.at("id").as_string());
    set_owner(pi->internal, Owner{std::string(kType), s.id()});
    payment_intents::save(txn, events::Origin::of(page), *pi);
    s.object["payment_intent"] = intent.at("id");
  }
  if (!r.ok()) return shown_again(txn, page, s, r.error().message);
  return next_step(txn, page, s, intent, "paid");
}

Result<PageOutcome> set_up(store::Txn& txn, const Call& page, Session& s, const PageForm& f,
                           const std::string& customer) {
  const std::string seti(s.object.at("setup_intent").as_string());
  if (!customer.empty()) {
    auto si = setup_intents::load(txn, page.account, seti);
    if (si && si->customer().empty()) {
      si->object["customer"] = customer;
      setup_intents::save(txn, events::Origin::of(page), *si);
    }
  }
  json::object raw{{"payment_method_data", payment_method_data(f)},
                   {"return_url", page_url(page, s.id()) + "/return"}};
  if (f.method == "sepa_debit") raw["mandate_data"] = mandate_data(f);
  Result<json::value> r =
      run(txn, page, setup_intents::confirm_params(), raw, {seti}, setup_intents::confirm);
  if (!r.ok()) return shown_again(txn, page, s, r.error().message);
  return next_step(txn, page, s, r->as_object(), "no_payment_required");
}

}  // namespace

std::string page_url(const Call& call, std::string_view id) {
  return call.settings->public_url + "/intentd/checkout/" + call.account + "/" + std::string(id);
}

Result<PageView> page_view(store::ReadTxn& txn, std::string_view account, std::string_view id) {
  auto s = load(txn, account, id);
  if (!s) return ApiError::resource_missing("checkout session", id);
  PageView v;
  v.id = s->id();
  v.status = s->object.at("status").as_string();
  v.mode = s->mode();
  v.currency = text(s->object.at("currency"));
  if (const json::value* items = s->internal.if_contains("line_items"); items && items->is_array())
    for (const auto& i : items->as_array())
      v.lines.push_back(PageLine{text(i.at("description")), i.at("quantity").as_int64(),
                                 i.at("amount_total").as_int64()});
  if (const json::value& t = s->object.at("amount_total"); t.is_int64()) v.total = t.as_int64();
  v.email = known_email(txn, account, *s);
  v.card = offers(*s, "card");
  v.sepa = offers(*s, "sepa_debit");
  v.cancel_url = text(s->object.at("cancel_url"));
  v.success_url = success_url(*s);
  if (const json::value* e = s->internal.if_contains("page_error"); e && e->is_string())
    v.error = e->as_string();
  return v;
}

Result<PageOutcome> submit(store::Txn& txn, const Call& page, std::string_view id,
                           const PageForm& typed) {
  auto found = load(txn, page.account, id);
  if (!found) return ApiError::resource_missing("checkout session", id);
  Session s = std::move(*found);
  if (!s.open()) return PageOutcome{page_url(page, id), ""};  // the page says why
  if (s.mode() == "subscription")
    return PageOutcome{"",
                       "intentd cannot start subscriptions from Checkout yet (Billing is not "
                       "implemented): use a payment or setup mode session."};
  // A known email is shown, not asked for: it is the one used, whatever the form posted.
  PageForm form = typed;
  // A form without a choice of method (one method offered, or no JavaScript) means the first.
  if (form.method.empty()) form.method = offers(s, "card") ? "card" : "sepa_debit";
  if (std::string known = known_email(txn, page.account, s); !known.empty()) form.email = known;
  if (std::string problem = check_form(s, form); !problem.empty()) return PageOutcome{"", problem};

  INTENTD_ASSIGN_OR_RETURN(std::string customer, customer_for(txn, page, s, form));
  std::string email = form.email;
  if (email.empty() && !customer.empty())
    if (auto c = txn.get(page.account, "customer", customer)) email = text(c->at("email"));
  s.internal["pending_details"] = details_of(form, email);
  return s.mode() == "payment" ? pay(txn, page, s, form, customer)
                               : set_up(txn, page, s, form, customer);
}

Result<PageOutcome> returned(store::Txn& txn, const Call& page, std::string_view id) {
  auto found = load(txn, page.account, id);
  if (!found) return ApiError::resource_missing("checkout session", id);
  Session s = std::move(*found);
  // Completed when the 3-D Secure page was answered: on to success_url all the same.
  if (s.object.at("status") == "complete") return done(page, s);
  if (!s.open()) return PageOutcome{page_url(page, id), ""};
  json::object intent;
  std::string_view paid = "paid";
  if (const json::value& pi = s.object.at("payment_intent"); pi.is_string()) {
    auto p = payment_intents::load(txn, page.account, pi.as_string());
    if (p) intent = p->object;
  } else if (const json::value& seti = s.object.at("setup_intent"); seti.is_string()) {
    auto si = setup_intents::load(txn, page.account, seti.as_string());
    if (si) intent = si->object;
    paid = "no_payment_required";
  }
  if (intent.empty()) return PageOutcome{page_url(page, id), ""};
  const std::string status(intent.at("status").as_string());
  if (status == "requires_payment_method" || status == "requires_action") {
    // Failed (or abandoned) authentication, in the customer's words; a decline that came after
    // a completed authentication, in the decline's.
    std::string message(kAuthenticationFailed);
    for (const char* field : {"last_payment_error", "last_setup_error"})
      if (const json::value* e = intent.if_contains(field);
          status == "requires_payment_method" && e && e->is_object()) {
        const std::string code = text(e->as_object().at("code"));
        if (code.find("authentication_failure") == std::string::npos)
          message = text(e->as_object().at("message"));
      }
    shown_again(txn, page, s, message);
    return PageOutcome{page_url(page, id), ""};
  }
  return next_step(txn, page, s, intent, paid);
}

}  // namespace intentd::resources::checkout_sessions
