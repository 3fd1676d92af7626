#include "api/form_decoder.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "base/json_text.h"
#include "base/utf8.h"

namespace intentd::api {
namespace json = boost::json;
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits "a[b][][c]" into {"a", "b", "", "c"}; false when the brackets are malformed.
bool split_key(std::string_view key, std::vector<std::string_view>& segments) {
  segments.clear();
  std::size_t open = key.find('[');
  std::string_view head = key.substr(0, open);
  if (head.empty() || head.find(']') != std::string_view::npos) return false;
  segments.push_back(head);
  while (open != std::string_view::npos) {
    if (open >= key.size() || key[open] != '[') return false;
    std::size_t close = key.find(']', open + 1);
    if (close == std::string_view::npos) return false;
    std::string_view seg = key.substr(open + 1, close - open - 1);
    if (seg.find('[') != std::string_view::npos) return false;
    segments.push_back(seg);
    open = close + 1;
    if (open == key.size()) break;
  }
  return true;
}

// The bracket path of the first `n` segments, for error messages ("a[b][0]").
std::string path_of(const std::vector<std::string_view>& segments, std::size_t n) {
  std::string p(segments[0]);
  for (std::size_t i = 1; i < n; ++i) {
    p += '[';
    p += segments[i];
    p += ']';
  }
  return p;
}

ApiError conflict(const std::vector<std::string_view>& segments, std::size_t n) {
  std::string p = path_of(segments, n);
  return ApiError::invalid_request("Invalid parameter structure: '" + p +
                                       "' is given more than one shape (a value, a hash "
                                       "or an array).",
                                   p);
}

// Places `value` at `segments` inside `root`, creating maps and arrays on the way.
Status insert(json::object& root, const std::vector<std::string_view>& segments,
              std::string_view value) {
  json::value* node = &root[segments[0]];
  for (std::size_t i = 1; i < segments.size(); ++i) {
    std::string_view seg = segments[i];
    if (!seg.empty()) {
      if (node->is_null()) node->emplace_object();
      if (!node->is_object()) return conflict(segments, i);
      node = &node->as_object()[seg];
      continue;
    }
    // "[]": the node is an array; a[]=x appends x.
    if (node->is_null()) node->emplace_array();
    if (!node->is_array()) return conflict(segments, i);
    json::array& arr = node->as_array();
    if (i + 1 == segments.size()) {
      arr.emplace_back(json::string(value));
      return Status::Ok();
    }
    // a[][k]=v fills the last element until it already has k, then starts a new one.
    std::string_view next = segments[i + 1];
    if (next.empty()) return conflict(segments, i + 2);
    if (!arr.empty() && !arr.back().is_object()) return conflict(segments, i + 1);
    if (arr.empty() || arr.back().as_object().contains(next)) arr.emplace_back(json::object());
    node = &arr.back();
  }
  if (!node->is_null() && !node->is_string()) return conflict(segments, segments.size());
  *node = json::string(value);  // a repeated scalar key: the last value wins
  return Status::Ok();
}

void percent_encode(std::string_view in, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '[' || c == ']') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

void encode_value(const std::string& key, const json::value& v, std::string& out) {
  if (const json::object* o = v.if_object()) {
    for (const auto& kv : *o)
      encode_value(key + "[" + std::string(kv.key()) + "]", kv.value(), out);
    return;
  }
  if (const json::array* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      encode_value(key + "[" + std::to_string(i) + "]", (*a)[i], out);
    return;
  }
  if (!out.empty()) out.push_back('&');
  percent_encode(key, out);
  out.push_back('=');
  if (v.is_string())
    percent_encode(v.as_string(), out);
  else if (!v.is_null())
    percent_encode(json_text(v), out);
}

}  // namespace

std::string encode_form(const json::object& params) {
  std::string out;
  for (const auto& kv : params) encode_value(std::string(kv.key()), kv.value(), out);
  return out;
}

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

Result<json::object> decode_form(std::string_view text, const FormLimits& limits) {
  json::object root;
  std::vector<std::string_view> segments;
  std::string key, value;
  std::size_t pairs = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    if (++pairs > limits.max_pairs)
      return ApiError::invalid_request("Too many parameters in the request (at most " +
                                       std::to_string(limits.max_pairs) + ").");
    std::size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (!percent_decode(raw_key, key)) {
      std::string shown(raw_key.substr(0, 100));
      return ApiError::invalid_request("Invalid URL encoding in a parameter name: '" + shown + "'.",
                                       shown);
    }
    if (key.empty()) continue;
    if (!valid_utf8(key)) return ApiError::invalid_request("Invalid UTF-8 in a parameter name.");
    const std::string shown_key = key.size() > 100 ? key.substr(0, 100) + "..." : key;
    if (std::size_t depth = std::count(key.begin(), key.end(), '['); depth > limits.max_depth)
      return ApiError::invalid_request("Parameter '" + shown_key + "' is nested more than " +
                                           std::to_string(limits.max_depth) + " levels deep.",
                                       shown_key);
    if (key.size() > limits.max_key_bytes)
      return ApiError::invalid_request("Parameter name too long: '" + shown_key + "'.", shown_key);
    if (!split_key(key, segments))
      return ApiError::invalid_request("Invalid parameter name: '" + key + "'.", key);
    if (!percent_decode(raw_value, value))
      return ApiError::invalid_request("Invalid URL encoding in the value of '" + key + "'.", key);
    if (!valid_utf8(value))
      return ApiError::invalid_request("Invalid UTF-8 in the value of '" + key + "'.", key);
    INTENTD_TRY(insert(root, segments, value));
  }
  return root;
}

}  // namespace intentd::api
