// Object ids in Stripe's form: a type prefix, an underscore and 24 base62 characters drawn
// from OpenSSL's CSPRNG (cus_…, req_…, whsec_…).
#pragma once

#include <string>
#include <string_view>

namespace intentd::api {

inline constexpr std::size_t kIdRandomLength = 24;

// prefix + "_" + `length` unbiased base62 characters.
std::string new_id(std::string_view prefix, std::size_t length = kIdRandomLength);

// `length` unbiased characters drawn from `alphabet` (at most 256 symbols).
std::string random_string(std::string_view alphabet, std::size_t length);

// True when `id` has the form new_id(prefix) produces, with any random part length >= 1.
bool has_prefix(std::string_view id, std::string_view prefix);

}  // namespace intentd::api
