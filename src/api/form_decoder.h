// Decodes an application/x-www-form-urlencoded body or query string with Stripe's bracket
// keys into a tree whose leaves are strings: a[b][0][c]=v gives {"a":{"b":{"0":{"c":"v"}}}}
// (the param schema turns numbered maps into arrays), and a[]=x appends to an array.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intentd::api {

struct FormLimits {
  std::size_t max_depth = 12;     // brackets in one key
  std::size_t max_pairs = 20000;  // key=value pairs in one body
  std::size_t max_key_bytes = 1024;
};

Result<boost::json::object> decode_form(std::string_view text, const FormLimits& limits = {});

// The reverse of decode_form for checked params: a[b]=1&c[0]=x, percent-encoded (used to put a
// list's filters into its next page URL).
std::string encode_form(const boost::json::object& params);

// Decodes %XX escapes, and '+' as a space when `plus_is_space` (forms, not paths); false on
// a malformed escape.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = true);

}  // namespace intentd::api
