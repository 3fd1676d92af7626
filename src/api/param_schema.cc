#include "api/param_schema.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <map>

#include "base/json_text.h"

namespace intentd::api {
namespace json = boost::json;
namespace {

constexpr std::size_t kMetadataMaxKeys = 50;
constexpr std::size_t kMetadataMaxKeyLength = 40;
constexpr std::size_t kMetadataMaxValueLength = 500;

// How a value looked in the request, for messages ("Invalid integer: abc").
std::string shown(const json::value& raw) {
  if (raw.is_string()) return std::string(raw.as_string());
  if (raw.is_object()) return "a hash";
  if (raw.is_array()) return "an array";
  return json_text(raw);
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Byte offset of the character at index `n` (UTF-8), or s.size().
std::size_t utf8_offset(std::string_view s, std::size_t n) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((s[i] & 0xC0) != 0x80 && n-- == 0) return i;
  return s.size();
}

// Stripe abbreviates long values in messages to their first and last four characters.
std::string abbreviated(std::string_view s) {
  const std::size_t n = utf8_length(s);
  if (n <= 11) return std::string(s);
  return std::string(s.substr(0, utf8_offset(s, 4))) + "..." +
         std::string(s.substr(utf8_offset(s, n - 4)));
}

// Levenshtein distance, capped: only small distances matter for "Did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string join_or(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += values.size() > 2 ? ", " : " ";
    if (i + 1 == values.size() && values.size() > 1) out += "or ";
    out += values[i];
  }
  return out;
}

// Reads a JSON number or a decimal string as int64; false on junk or overflow.
bool parse_int(const json::value& raw, int64_t& out) {
  if (raw.is_int64()) {
    out = raw.as_int64();
    return true;
  }
  if (raw.is_uint64()) {
    if (raw.as_uint64() > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(raw.as_uint64());
    return true;
  }
  if (!raw.is_string()) return false;
  std::string_view s = raw.as_string();
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

ApiError invalid(std::string message, const std::string& path, std::string code = {}) {
  return ApiError::invalid_request(std::move(message), path, std::move(code));
}

}  // namespace

ApiError metadata_too_many_keys(std::size_t count, const std::string& param) {
  return ApiError::invalid_request("Metadata can have up to " + std::to_string(kMetadataMaxKeys) +
                                       " keys, but you've set " + std::to_string(count) +
                                       ". Email us at support+metadata@stripe.com for more "
                                       "information.",
                                   param);
}

std::string child_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string p = parent;
  p += '[';
  p += key;
  p += ']';
  return p;
}

Param Param::string() {
  return Param(Kind::kString);
}
Param Param::integer() {
  return Param(Kind::kInteger);
}
Param Param::boolean() {
  return Param(Kind::kBoolean);
}
Param Param::unsupported() {
  return Param(Kind::kUnsupported);
}
Param Param::range() {
  Param p(Kind::kRange);
  p.fields_ = std::make_shared<std::vector<Field>>(std::vector<Field>{
      {"gt", integer()}, {"gte", integer()}, {"lt", integer()}, {"lte", integer()}});
  return p;
}
Param Param::metadata() {
  return Param(Kind::kMetadata).emptyable();
}

Param Param::one_of(std::initializer_list<std::string_view> values) {
  Param p(Kind::kEnum);
  p.values_ = std::make_shared<std::vector<std::string>>(values.begin(), values.end());
  return p;
}

Param Param::hash(std::vector<Field> fields) {
  Param p(Kind::kHash);
  p.fields_ = std::make_shared<std::vector<Field>>(std::move(fields));
  return p;
}

Param Param::array(Param element) {
  Param p(Kind::kArray);
  p.element_ = std::make_shared<Param>(std::move(element));
  return p;
}

Param Param::map(Param value) {
  Param p(Kind::kMap);
  p.element_ = std::make_shared<Param>(std::move(value));
  return p;
}

Param Param::required() const {
  Param p = *this;
  p.required_ = true;
  return p;
}
Param Param::emptyable() const {
  Param p = *this;
  p.emptyable_ = true;
  return p;
}
Param Param::max_length(std::size_t n) const {
  Param p = *this;
  p.max_length_ = n;
  return p;
}
Param Param::min(int64_t v) const {
  Param p = *this;
  p.min_ = v;
  return p;
}
Param Param::max(int64_t v) const {
  Param p = *this;
  p.max_ = v;
  return p;
}
Param Param::with(std::vector<Field> more) const {
  Param p = *this;
  auto all = std::make_shared<std::vector<Field>>(fields());
  for (auto& f : more) all->push_back(std::move(f));
  p.fields_ = std::move(all);
  return p;
}

const std::vector<Field>& Param::fields() const {
  static const std::vector<Field> kNone;
  return fields_ ? *fields_ : kNone;
}

const Param* Param::field(std::string_view name) const {
  for (const auto& [n, p] : fields())
    if (n == name) return &p;
  return nullptr;
}

Result<json::value> Param::check(const json::value& raw, const std::string& path) const {
  if (raw.is_string() && raw.as_string().empty()) {
    if (emptyable_) return json::value(nullptr);
    if (kind_ != Kind::kString) return ApiError::parameter_invalid_empty(path);
  }
  if (raw.is_null()) {
    // JSON null (v2 bodies) means the same as an empty form value.
    if (emptyable_) return json::value(nullptr);
    return ApiError::parameter_invalid_empty(path);
  }
  switch (kind_) {
    case Kind::kString: {
      if (!raw.is_string()) return invalid("Invalid string: " + shown(raw), path);
      std::string_view s = raw.as_string();
      if (s.empty()) return ApiError::parameter_invalid_empty(path);
      if (utf8_length(s) > max_length_)
        return invalid("Invalid string: " + abbreviated(s) + "; must be at most " +
                           std::to_string(max_length_) + " characters",
                       path);
      return json::value(json::string(s));
    }
    case Kind::kInteger: {
      int64_t v = 0;
      if (!parse_int(raw, v))
        return invalid("Invalid integer: " + shown(raw), path, "parameter_invalid_integer");
      if (v < min_)
        return invalid("This value must be greater than or equal to " + std::to_string(min_) + ".",
                       path, "parameter_invalid_integer");
      if (v > max_)
        return invalid("This value must be less than or equal to " + std::to_string(max_) + ".",
                       path, "parameter_invalid_integer");
      return json::value(v);
    }
    case Kind::kBoolean: {
      if (raw.is_bool()) return raw;
      if (raw.is_string()) {
        std::string_view s = raw.as_string();
        if (s == "true" || s == "True") return json::value(true);
        if (s == "false" || s == "False") return json::value(false);
      }
      return invalid("Invalid boolean: " + shown(raw), path);
    }
    case Kind::kEnum: {
      if (raw.is_string() &&
          std::find(values_->begin(), values_->end(), raw.as_string()) != values_->end())
        return json::value(raw.as_string());
      return invalid("Invalid " + path + ": must be one of " + join_or(*values_), path);
    }
    case Kind::kHash:
      return check_hash(raw, path);
    case Kind::kArray:
      return check_array(raw, path);
    case Kind::kMap:
    case Kind::kMetadata:
      return check_map(raw, path);
    case Kind::kRange:
      if (raw.is_object()) return check_hash(raw, path);
      return integer().check(raw, path);
    case Kind::kUnsupported:
      return ApiError::not_supported(path);
  }
  return ApiError::internal();
}

ApiError Param::unknown_params(const std::vector<std::string>& unknown, const std::string& path,
                               const json::object& in) const {
  if (unknown.size() > 1) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
    ApiError e = ApiError::parameter_unknown(unknown[0]);
    e.message = "Received unknown parameters: " + names;
    return e;
  }
  ApiError e = ApiError::parameter_unknown(unknown[0]);
  // Suggest the closest known name at the same level, as Stripe does for typos.
  std::string_view leaf = unknown[0];
  leaf.remove_prefix(path.empty() ? 0 : path.size() + 1);
  if (!path.empty()) leaf.remove_suffix(1);
  const std::string* best = nullptr;
  std::size_t best_distance = 3;
  for (const auto& [name, p] : fields()) {
    if (in.contains(name)) continue;
    std::size_t d = edit_distance(leaf, name);
    if (d < best_distance) best = &name, best_distance = d;
  }
  if (best != nullptr) e.message += ". Did you mean " + *best + "?";
  return e;
}

Result<json::value> Param::check_hash(const json::value& raw, const std::string& path) const {
  if (!raw.is_object()) return invalid("Invalid object", path);
  const json::object& in = raw.as_object();
  json::object out;
  out.reserve(in.size());
  std::vector<std::string> unknown;
  for (const auto& kv : in)
    if (field(kv.key()) == nullptr) unknown.push_back(child_path(path, kv.key()));
  if (!unknown.empty()) return unknown_params(unknown, path, in);
  for (const auto& kv : in) {
    std::string sub = child_path(path, kv.key());
    INTENTD_ASSIGN_OR_RETURN(json::value v, field(kv.key())->check(kv.value(), sub));
    out[kv.key()] = std::move(v);
  }
  for (const auto& [name, p] : fields()) {
    if (p.required_ && !in.contains(name))
      return ApiError::parameter_missing(child_path(path, name));
  }
  return json::value(std::move(out));
}

Result<json::value> Param::check_array(const json::value& raw, const std::string& path) const {
  // Form bodies send arrays as a[]=x or as maps keyed 0, 1, ... (a[0]=x); order by index.
  std::vector<std::pair<uint64_t, const json::value*>> items;
  if (raw.is_array()) {
    uint64_t i = 0;
    for (const auto& v : raw.as_array()) items.emplace_back(i++, &v);
  } else if (raw.is_object()) {
    for (const auto& kv : raw.as_object()) {
      std::string_view k = kv.key();
      uint64_t index = 0;
      auto [ptr, ec] = std::from_chars(k.data(), k.data() + k.size(), index);
      if (k.empty() || ec != std::errc() || ptr != k.data() + k.size() || index > 1000000)
        return invalid("Invalid array", path);
      items.emplace_back(index, &kv.value());
    }
    std::sort(items.begin(), items.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    return invalid("Invalid array", path);
  }
  json::array out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    INTENTD_ASSIGN_OR_RETURN(
        json::value v,
        element_->check(*items[i].second, child_path(path, std::to_string(items[i].first))));
    out.push_back(std::move(v));
  }
  return json::value(std::move(out));
}

Result<json::value> Param::check_map(const json::value& raw, const std::string& path) const {
  if (!raw.is_object()) return invalid("Invalid object", path);
  const json::object& in = raw.as_object();
  const bool metadata = kind_ == Kind::kMetadata;
  if (metadata) {
    // Unsetting (metadata[k]=) does not count; the merged total is checked on update.
    std::size_t set = 0;
    for (const auto& kv : in) set += !(kv.value().is_string() && kv.value().as_string().empty());
    if (set > kMetadataMaxKeys) return metadata_too_many_keys(set, path);
  }
  json::object out;
  out.reserve(in.size());
  for (const auto& kv : in) {
    std::string sub = child_path(path, kv.key());
    if (metadata) {
      if (std::size_t n = utf8_length(kv.key()); n > kMetadataMaxKeyLength)
        return invalid("Metadata keys can have up to " + std::to_string(kMetadataMaxKeyLength) +
                           " characters, but you passed in a key that is " + std::to_string(n) +
                           " characters. Invalid key: " + std::string(kv.key()),
                       sub);
      if (kv.value().is_string() && kv.value().as_string().empty()) {
        out[kv.key()] = nullptr;  // metadata[k]= unsets k
        continue;
      }
      if (!kv.value().is_string())
        return invalid("Invalid value type: " + json_text(kv.value()) + " must be a string", sub);
      if (std::size_t n = utf8_length(kv.value().as_string()); n > kMetadataMaxValueLength)
        return invalid("Metadata values can have up to " + std::to_string(kMetadataMaxValueLength) +
                           " characters, but you passed in a value that is " + std::to_string(n) +
                           " characters. Invalid value: " + std::string(kv.value().as_string()),
                       sub);
      out[kv.key()] = kv.value();
      continue;
    }
    INTENTD_ASSIGN_OR_RETURN(json::value v, element_->check(kv.value(), sub));
    out[kv.key()] = std::move(v);
  }
  return json::value(std::move(out));
}

Result<json::object> Param::check_request(const json::object& raw) const {
  INTENTD_ASSIGN_OR_RETURN(json::value v, check_hash(json::value(raw), ""));
  return std::move(v.as_object());
}

}  // namespace intentd::api
