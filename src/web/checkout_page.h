// The hosted checkout page: the order (or the setup notice), the customer's email, card or
// SEPA Direct Debit details, the error of the last attempt, and pages for sessions that ended.
#pragma once

#include <string>

#include "resources/checkout/checkout_session_page.h"

namespace intentd::web {

// The page for `view`. `form_action` is where the form posts; `entered` refills what the
// customer typed (never the card number or CVC) when the page comes back with an error.
std::string checkout_page(const resources::checkout_sessions::PageView& view,
                          const std::string& form_action,
                          const resources::checkout_sessions::PageForm& entered);

}  // namespace intentd::web
