// Param declares the type of one request parameter (string, integer, enum, hash, array,
// metadata, ...). An endpoint's params are one Param::hash; check() turns the decoded string
// tree into typed JSON or returns the Stripe error that names the offending param.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace intentd::api {

class Param;
using Field = std::pair<std::string, Param>;

class Param {
 public:
  enum class Kind {
    kString,
    kInteger,
    kBoolean,
    kEnum,
    kHash,
    kArray,
    kMap,          // free-form keys, each value of one type
    kMetadata,     // Stripe's metadata: string values, 50 keys, 40/500 characters
    kRange,        // an integer, or a hash of gt/gte/lt/lte integers (list filters)
    kUnsupported,  // a real Stripe param that intentd does not implement yet
  };

  static Param string();
  static Param integer();
  static Param boolean();
  static Param one_of(std::initializer_list<std::string_view> values);
  static Param hash(std::vector<Field> fields);
  static Param array(Param element);
  static Param map(Param value);
  static Param metadata();
  static Param range();
  static Param unsupported();

  // Modifiers return a copy, so declarations read as one expression.
  Param required() const;
  // An empty string is accepted and means "unset": check() yields JSON null.
  Param emptyable() const;
  Param max_length(std::size_t n) const;
  Param min(int64_t v) const;
  Param max(int64_t v) const;
  // A hash that extends this one with more fields (for create/update variants).
  Param with(std::vector<Field> more) const;

  Kind kind() const { return kind_; }
  bool is_required() const { return required_; }
  const std::vector<Field>& fields() const;
  const Param* field(std::string_view name) const;

  // Validates `raw` (strings, maps and arrays from the form decoder, or JSON for v2) found at
  // `path` and returns its typed form. Unset values (emptyable "") come back as null.
  Result<boost::json::value> check(const boost::json::value& raw, const std::string& path) const;

  // Checks a whole request: `raw` is the decoded top-level map, and `this` must be a hash.
  Result<boost::json::object> check_request(const boost::json::object& raw) const;

 private:
  explicit Param(Kind kind) : kind_(kind) {}

  ApiError unknown_params(const std::vector<std::string>& unknown, const std::string& path,
                          const boost::json::object& in) const;
  Result<boost::json::value> check_hash(const boost::json::value& raw,
                                        const std::string& path) const;
  Result<boost::json::value> check_array(const boost::json::value& raw,
                                         const std::string& path) const;
  Result<boost::json::value> check_map(const boost::json::value& raw,
                                       const std::string& path) const;

  Kind kind_;
  bool required_ = false;
  bool emptyable_ = false;
  std::size_t max_length_ = 5000;
  int64_t min_ = INT64_MIN;
  int64_t max_ = INT64_MAX;
  std::shared_ptr<const std::vector<std::string>> values_;
  std::shared_ptr<const std::vector<Field>> fields_;
  std::shared_ptr<const Param> element_;
};

// The error for metadata with more keys than Stripe allows (50).
ApiError metadata_too_many_keys(std::size_t count, const std::string& param = "metadata");

// "a" + "b" → "a[b]"; "" + "b" → "b".
std::string child_path(const std::string& parent, std::string_view key);

}  // namespace intentd::api
