// What a publishable key sees of an object. Stripe marks some fields of PaymentIntents and
// SetupIntents "retrievable with publishable key" (what Stripe.js needs); the rest stay with
// secret keys. The pipeline cuts every answer a publishable key gets to these views, errors
// included (error.payment_intent), so no handler can forget to.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "base/api_error.h"

namespace intentd::api {

struct ClientView {
  std::string_view object;  // the `object` it applies to: "payment_intent"
  std::vector<std::string_view> visible;
};

class ClientViews {
 public:
  void add(ClientView view);
  // `v` as a publishable key may see it; unchanged when it is not an object with a view.
  void apply(boost::json::value& v) const;
  // Every object the error carries.
  void apply(ApiError& e) const;

 private:
  std::vector<ClientView> views_;
};

}  // namespace intentd::api
