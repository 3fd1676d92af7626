// expand[]: replaces an id field with the object it names (expand[]=customer), following
// dot paths up to four levels. Each object type declares its expandable fields here, so a
// path is checked before the request runs and applied after it.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/store.h"

namespace intentd::api {

inline constexpr std::size_t kMaxExpandDepth = 4;

class ExpandRules {
 public:
  // `field` (dotted, e.g. "invoice_settings.default_payment_method") of objects of type
  // `owner` holds the id of an object of type `target`.
  void add(std::string_view owner, std::string_view field, std::string_view target);

  // `field` of `owner` objects is absent unless expanded, and then computed from the object
  // (payment line items, kept beside the intent rather than in it).
  using Compute = std::function<boost::json::value(const boost::json::object& owner,
                                                   std::string_view account, store::ReadTxn& txn)>;
  void add_computed(std::string_view owner, std::string_view field, Compute compute);

  // Checks `paths` against a response holding one `type` object, or a list of them.
  Status check(std::string_view type, bool list, const std::vector<std::string>& paths) const;

  // Expands `paths` (already checked) inside `response`, loading objects through `txn`.
  void apply(boost::json::value& response, std::string_view type, bool list,
             const std::vector<std::string>& paths, std::string_view account,
             store::ReadTxn& txn) const;

 private:
  struct Rule {
    std::string owner;
    std::vector<std::string> field;
    std::string target;  // "" for computed fields, which expand no further
    Compute compute;
  };
  // The longest rule of `type` whose field is a prefix of `segments`.
  const Rule* match(std::string_view type, const std::vector<std::string>& segments,
                    std::size_t from) const;
  void expand(boost::json::value& object, std::string_view type,
              const std::vector<std::string>& segments, std::size_t from, std::string_view account,
              store::ReadTxn& txn) const;

  std::vector<Rule> rules_;
};

}  // namespace intentd::api
