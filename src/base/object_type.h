// ObjectType names one kind of Stripe object: the `object` string the API shows and the prefix
// of its ids. Each family declares its types once, and ids and stored rows are made from them.
#pragma once

#include <string_view>

namespace intentd {

struct ObjectType {
  std::string_view name;    // "payment_intent", "checkout.session"
  std::string_view prefix;  // "pi", "cs_test"

  // Where a type name is wanted (stored rows, errors, expand rules), the type is its name.
  constexpr operator std::string_view() const { return name; }
};

}  // namespace intentd
