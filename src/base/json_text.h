// The one JSON writer for what intentd stores and sends. Boost.JSON writes string bytes as
// they are, so a string holding bytes that are not UTF-8 would give a document every JSON
// reader (ours included) rejects: an object that can never be read back. json_text always
// gives valid UTF-8 (any such bytes become U+FFFD), whatever reached the value.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace intentd {

std::string json_text(const boost::json::value& v);
std::string json_text(const boost::json::object& o);
std::string json_text(const boost::json::array& a);
std::string json_text(const boost::json::string& s);

}  // namespace intentd
