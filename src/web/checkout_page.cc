#include "web/checkout_page.h"

#include <kainjow/mustache.hpp>

#include "web/pages.h"

namespace intentd::web {
namespace mustache = kainjow::mustache;

namespace {

constexpr const char* kOpen = R"html(
<span class="badge">Test mode</span>
{{#payment}}
<h1>Pay</h1>
<table class="lines" id="lines">
{{#lines}}<tr><td>{{description}}{{#many}} × {{quantity}}{{/many}}</td><td class="n">{{amount}}</td></tr>
{{/lines}}<tr class="total"><td>Total due</td><td class="n" id="total">{{total}}</td></tr>
</table>
{{/payment}}
{{#setup}}
<h1>Save your payment details</h1>
<p id="setup-notice">You will not be charged now. Your payment details are saved for future
payments{{#currency}} in {{currency}}{{/currency}}.</p>
{{/setup}}
<form method="post" action="{{action}}" class="pay" id="checkout" novalidate>
  {{#email_known}}<p class="muted" id="email-known">{{email}}</p>{{/email_known}}
  {{^email_known}}
  <label for="email">Email</label>
  <input type="email" id="email" name="email" autocomplete="email" value="{{entered_email}}" required>
  {{/email_known}}
  <fieldset class="methods" id="methods"{{^choice}} hidden{{/choice}}>
    {{#card}}
    <input type="radio" id="method-card" name="method" value="card"{{^use_sepa}} checked{{/use_sepa}}>
    <label for="method-card">Card</label>
    {{/card}}
    {{#sepa}}
    <input type="radio" id="method-sepa" name="method" value="sepa_debit"{{#use_sepa}} checked{{/use_sepa}}>
    <label for="method-sepa">SEPA Direct Debit</label>
    {{/sepa}}
  </fieldset>
  <div id="card-fields"{{#use_sepa}} hidden{{/use_sepa}}>
    <label for="card-number">Card number</label>
    <input type="text" id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">
    <div class="row">
      <div><label for="card-expiry">Expiration</label>
      <input type="text" id="card-expiry" name="card_expiry" autocomplete="cc-exp" placeholder="MM / YY"></div>
      <div><label for="card-cvc">CVC</label>
      <input type="text" id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div>
    </div>
  </div>
  <div id="sepa-fields"{{^use_sepa}} hidden{{/use_sepa}}>
    <label for="iban">IBAN</label>
    <input type="text" id="iban" name="iban" placeholder="DE00 0000 0000 0000 0000 00" value="{{entered_iban}}">
    <p class="muted">By providing your IBAN you authorise the business and Stripe to debit your
    account; in test mode no money moves.</p>
  </div>
  <label for="name">Name</label>
  <input type="text" id="name" name="name" autocomplete="cc-name" value="{{entered_name}}">
  {{#error}}<div class="error" role="alert" id="error">{{error}}</div>{{/error}}
  <button type="submit" class="primary wide" id="submit">{{button}}</button>
</form>
{{#cancel_url}}<p><a href="{{cancel_url}}" id="cancel">← Back</a></p>{{/cancel_url}}
<p class="muted">Checkout Session <code>{{id}}</code></p>
<script>
  // Show the fields of the chosen method (the form works without this too).
  for (const r of document.querySelectorAll('input[name=method]')) r.addEventListener('change', () => {
    const sepa = document.getElementById('method-sepa')?.checked;
    document.getElementById('card-fields').hidden = !!sepa;
    document.getElementById('sepa-fields').hidden = !sepa;
  });
</script>
)html";

constexpr const char* kEnded = R"html(
<span class="badge">Test mode</span>
<h1 id="ended">{{title}}</h1>
<p id="status">{{message}}</p>
{{#link}}<p><a href="{{link}}" id="back">Return to the merchant</a></p>{{/link}}
)html";

mustache::data flag(bool b) {
  return b ? mustache::data::type::bool_true : mustache::data::type::bool_false;
}

}  // namespace

std::string checkout_page(const resources::checkout_sessions::PageView& v,
                          const std::string& form_action,
                          const resources::checkout_sessions::PageForm& entered) {
  if (v.status != "open") {
    mustache::data d;
    const bool complete = v.status == "complete";
    d.set("title", complete ? "Thank you" : "This checkout has expired");
    d.set("message", complete ? "This Checkout Session is complete: nothing more to do here."
                              : "This Checkout Session expired before it was completed. Go back "
                                "to the merchant to start again.");
    const std::string link = complete ? v.success_url : v.cancel_url;
    if (!link.empty()) d.set("link", link);
    return in_layout(complete ? "Checkout complete" : "Checkout expired",
                     mustache::mustache(kEnded).render(d));
  }
  mustache::data d;
  const bool payment = v.mode != "setup";
  d.set("payment", flag(payment));
  d.set("setup", flag(!payment));
  mustache::data lines{mustache::data::type::list};
  for (const auto& l : v.lines) {
    mustache::data line;
    line.set("description", l.description);
    line.set("many", flag(l.quantity > 1));
    line.set("quantity", std::to_string(l.quantity));
    line.set("amount", format_money(l.amount, v.currency));
    lines.push_back(line);
  }
  d.set("lines", lines);
  d.set("total", format_money(v.total, v.currency));
  if (!v.currency.empty()) {
    std::string upper = v.currency;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    d.set("currency", upper);
  }
  d.set("action", form_action);
  d.set("email_known", flag(!v.email.empty()));
  d.set("email", v.email);
  d.set("entered_email", entered.email);
  d.set("entered_name", entered.name);
  d.set("entered_iban", entered.iban);
  d.set("card", flag(v.card));
  d.set("sepa", flag(v.sepa));
  d.set("choice", flag(v.card && v.sepa));
  // SEPA when chosen, or when it is all the session offers.
  d.set("use_sepa", flag(v.sepa && (entered.method == "sepa_debit" || !v.card)));
  if (!v.error.empty()) d.set("error", v.error);
  d.set("button", payment ? "Pay " + format_money(v.total, v.currency) : std::string("Save"));
  if (!v.cancel_url.empty()) d.set("cancel_url", v.cancel_url);
  d.set("id", v.id);
  return in_layout(payment ? "Checkout" : "Save your payment details",
                   mustache::mustache(kOpen).render(d));
}

}  // namespace intentd::web
