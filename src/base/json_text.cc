#include "base/json_text.h"

#include <boost/json/serialize.hpp>

#include "base/utf8.h"

namespace intentd {
namespace json = boost::json;
namespace {

// Invalid bytes can only sit inside strings (everything else the serializer writes is ASCII),
// so replacing them in the text keeps the document's structure.
std::string checked(std::string text) {
  if (valid_utf8(text)) return text;
  return to_valid_utf8(text);
}

}  // namespace

std::string json_text(const json::value& v) {
  return checked(json::serialize(v));
}
std::string json_text(const json::object& o) {
  return checked(json::serialize(o));
}
std::string json_text(const json::array& a) {
  return checked(json::serialize(a));
}
std::string json_text(const json::string& s) {
  return checked(json::serialize(s));
}

}  // namespace intentd
