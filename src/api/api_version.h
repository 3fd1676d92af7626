// The Stripe API versions a client may name (Stripe-Version, webhook endpoint api_version).
#pragma once

#include <string_view>

namespace intentd::api {

// The version intentd renders, and answers when a request names none.
inline constexpr std::string_view kDefaultApiVersion = "2026-07-29.dahlia";

// True for a dated release Stripe has published ("2020-08-27", "2025-03-31.basil").
bool is_known_api_version(std::string_view version);

}  // namespace intentd::api
