// HostedPages answers the browser-facing pages under /intentd/ (the 3-D Secure authentication
// page and the checkout page): no API key — the intent's client_secret or the session's
// unguessable id authorizes — HTML answers, and redirects back to the merchant.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "api/call.h"
#include "base/clock.h"
#include "base/settings.h"
#include "http/message.h"
#include "store/store.h"

namespace intentd::http {

struct PageResponse {
  int status = 200;
  std::string html;
  std::string location;  // a redirect when not empty
};

class HostedPages {
 public:
  HostedPages(store::Store& store, const Clock& clock, const Settings& settings)
      : store_(store), clock_(clock), settings_(settings) {}

  static bool handles(std::string_view path) { return path.starts_with("/intentd/"); }

  boost::asio::awaitable<PageResponse> handle(const HttpRequest& req, std::string request_id);

 private:
  boost::asio::awaitable<PageResponse> authentication(const HttpRequest& req,
                                                      const std::vector<std::string>& parts,
                                                      const std::string& request_id);
  boost::asio::awaitable<PageResponse> checkout(const HttpRequest& req,
                                                const std::vector<std::string>& parts,
                                                const std::string& request_id);

  // The call a page's request makes for `account`: it acts for the account, as the customer's
  // browser does with Stripe.
  api::Call page_call(std::string_view account, const std::string& request_id) const;

  store::Store& store_;
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::http
