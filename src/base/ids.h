// Ids in Stripe's form: a type prefix, an underscore and base62 characters. Object ids are
// ordered by creation the way Stripe's are (the first characters encode the millisecond the
// call happened at, from its clock), so new rows land next to each other in the id index; the
// rest, and every secret, come from OpenSSL's CSPRNG.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/object_type.h"

namespace intentd {

// Characters after the prefix of an object id: 7 for the creation millisecond, 17 random
// (101 bits, unguessable).
inline constexpr std::size_t kIdLength = 24;
inline constexpr std::size_t kIdTimeLength = 7;

// An object id made at `now_ms` (unix milliseconds): prefix + "_" + 24 base62 characters
// (cus_…, evt_…, we_…).
std::string new_id(std::string_view prefix, int64_t now_ms);
inline std::string new_id(const ObjectType& type, int64_t now_ms) {
  return new_id(type.prefix, now_ms);
}

// A fully random token: prefix + "_" + `length` base62 characters (keys, whsec_…, req_…).
std::string random_id(std::string_view prefix, std::size_t length);

// `length` unbiased characters drawn from `alphabet` (at most 256 symbols).
std::string random_string(std::string_view alphabet, std::size_t length);

// True when `id` is prefix + "_" + at least one character.
bool has_prefix(std::string_view id, std::string_view prefix);

}  // namespace intentd
