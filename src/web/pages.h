// Hosted pages: server-rendered HTML from templates compiled into the binary, with no
// external assets. Today the 3-D Secure authentication page; Checkout joins later.
#pragma once

#include <string>

#include "resources/shared/authentication.h"

namespace intentd::web {

// The authentication page for a payment or a setup waiting on 3-D Secure (or a note when it
// is not).
std::string authentication_page(const resources::AuthenticationView& view,
                                const std::string& form_action);

// The page shown after authenticating when there is no return_url to go back to.
std::string authentication_done_page(const resources::AuthenticationResult& r);

// `content` (HTML) in the layout every hosted page shares: one inline stylesheet, no external
// assets.
std::string in_layout(const std::string& title, const std::string& content);

// A plain page with a title and a message (not found, bad request, ...).
std::string message_page(const std::string& title, const std::string& message);

// "$20.00" / "€10.00" / "¥500": an amount in minor units as a customer reads it.
std::string format_money(int64_t amount, const std::string& currency);

}  // namespace intentd::web
