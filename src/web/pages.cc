#include "web/pages.h"

#include <kainjow/mustache.hpp>

#include "domain/money.h"

namespace intentd::web {
namespace mustache = kainjow::mustache;

namespace {

// One stylesheet for every page: readable, high contrast, keyboard focus visible.
constexpr const char* kLayout = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f6f8fa;
         color: #1a1f36; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; background: #fff; border-radius: 8px;
         box-shadow: 0 2px 8px rgba(0,0,0,.08); padding: 2rem; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  .amount { font-size: 2rem; font-weight: 600; margin: .5rem 0 1rem; }
  .muted { color: #697386; font-size: .9rem; }
  form { display: inline; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
  button { font: inherit; padding: .65rem 1.1rem; border-radius: 6px; border: 1px solid #c1c9d2;
           background: #fff; cursor: pointer; }
  button.primary { background: #635bff; border-color: #635bff; color: #fff; }
  button:focus-visible { outline: 3px solid #0a2540; outline-offset: 2px; }
  label { display: block; font-size: .85rem; color: #3c4257; margin: .9rem 0 .3rem; }
  input[type=text], input[type=email] { width: 100%; box-sizing: border-box; font: inherit;
           padding: .55rem .7rem; border: 1px solid #c1c9d2; border-radius: 6px; }
  input:focus-visible { outline: 3px solid #0a2540; outline-offset: 1px; }
  .row { display: flex; gap: .75rem; } .row > div { flex: 1; }
  fieldset { border: 0; padding: 0; margin: 1rem 0 0; }
  .methods label { display: inline; margin-right: 1rem; font-size: 1rem; color: inherit; }
  .lines { width: 100%; border-collapse: collapse; margin: .5rem 0; }
  .lines td { padding: .3rem 0; } .lines td.n { text-align: right; }
  .lines tr.total td { border-top: 1px solid #e3e8ee; font-weight: 600; padding-top: .6rem; }
  .error { background: #fdecea; color: #a41c1c; border-radius: 6px; padding: .6rem .8rem;
           margin-top: 1rem; }
  form.pay { display: block; }
  button.wide { width: 100%; margin-top: 1.25rem; }
  a { color: #635bff; }
  .badge { display: inline-block; font-size: .75rem; letter-spacing: .05em; text-transform: uppercase;
           background: #fcf5e1; color: #8a5a00; border-radius: 4px; padding: .15rem .4rem; }
</style>
</head>
<body><main>{{{content}}}</main></body>
</html>
)html";

constexpr const char* kAuthentication = R"html(
<span class="badge">Test mode</span>
<h1>3-D Secure authentication</h1>
{{#awaiting}}
<p>intentd is standing in for the card issuer. Choose how this authentication ends.</p>
{{#payment}}<div class="amount" id="amount">{{amount}}</div>{{/payment}}
{{^payment}}<p id="setup">Save this card for future payments.</p>{{/payment}}
{{#card}}<p class="muted" id="card">{{brand}} ending in {{last4}}</p>{{/card}}
<p class="muted">{{noun}} <code>{{id}}</code></p>
<div class="actions">
  <form method="post" action="{{action}}">
    <input type="hidden" name="client_secret" value="{{client_secret}}">
    <input type="hidden" name="result" value="complete">
    <button type="submit" class="primary" id="complete" autofocus>Complete authentication</button>
  </form>
  <form method="post" action="{{action}}">
    <input type="hidden" name="client_secret" value="{{client_secret}}">
    <input type="hidden" name="result" value="fail">
    <button type="submit" id="fail">Fail authentication</button>
  </form>
</div>
{{/awaiting}}
{{^awaiting}}
<p id="status">This {{what}} is no longer waiting for authentication (its status is
<code>{{status}}</code>).</p>
{{/awaiting}}
)html";

constexpr const char* kDone = R"html(
<span class="badge">Test mode</span>
<h1>Authentication {{outcome}}</h1>
<p id="status">The {{what}}'s status is <code>{{status}}</code>. You can close this window.</p>
)html";

constexpr const char* kMessage = R"html(
<h1>{{title}}</h1>
<p>{{message}}</p>
)html";

}  // namespace

std::string in_layout(const std::string& title, const std::string& content) {
  mustache::data d;
  d.set("title", title);
  d.set("content", content);
  return mustache::mustache(kLayout).render(d);
}

// How a card brand is written for people.
static std::string brand_name(const std::string& brand) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"visa", "Visa"},         {"mastercard", "Mastercard"}, {"amex", "American Express"},
      {"discover", "Discover"}, {"diners", "Diners Club"},    {"jcb", "JCB"},
      {"unionpay", "UnionPay"}};
  for (const auto& [id, name] : kNames)
    if (brand == id) return name;
  return brand;
}

std::string format_money(int64_t amount, const std::string& currency) {
  return domain::format_amount(amount, currency);
}

std::string authentication_page(const resources::AuthenticationView& v,
                                const std::string& form_action) {
  mustache::data d;
  d.set("awaiting",
        v.awaiting ? mustache::data::type::bool_true : mustache::data::type::bool_false);
  const bool payment = v.object == "payment_intent";
  d.set("payment", payment ? mustache::data::type::bool_true : mustache::data::type::bool_false);
  if (payment) d.set("amount", format_money(v.amount, v.currency));
  d.set("noun", payment ? "PaymentIntent" : "SetupIntent");
  d.set("what", payment ? "payment" : "setup");
  d.set("id", v.id);
  d.set("client_secret", v.client_secret);
  d.set("action", form_action);
  d.set("status", v.status);
  if (!v.card_last4.empty()) {
    mustache::data card;
    card.set("brand", brand_name(v.card_brand));
    card.set("last4", v.card_last4);
    d.set("card", card);
  }
  return in_layout(payment ? "Authenticate your payment" : "Authenticate your card",
                   mustache::mustache(kAuthentication).render(d));
}

std::string authentication_done_page(const resources::AuthenticationResult& r) {
  mustache::data d;
  d.set("outcome", r.redirect_status == "failed" ? "failed" : "complete");
  d.set("what", r.object == "setup_intent" ? "setup" : "payment");
  d.set("status", r.status);
  return in_layout("Authentication finished", mustache::mustache(kDone).render(d));
}

std::string message_page(const std::string& title, const std::string& message) {
  mustache::data d;
  d.set("title", title);
  d.set("message", message);
  return in_layout(title, mustache::mustache(kMessage).render(d));
}

}  // namespace intentd::web
