// A Checkout Session as the API and the hosted page share it: the object with its hidden state
// (line items, the page's last message), loading and saving it with its events, and the moves
// every path shares: completing it and expiring it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/call.h"
#include "base/object_type.h"
#include "base/result.h"
#include "events/event_log.h"
#include "resources/checkout/checkout_session_status.h"
#include "store/store.h"

namespace intentd::resources::checkout_sessions {

inline constexpr ObjectType kType{"checkout.session", "cs_test"};
inline constexpr ObjectType kLineItem{"item", "li"};

struct Session {
  boost::json::object object;    // as the API shows it
  boost::json::object internal;  // line_items (the items as listed), ...

  std::string id() const { return std::string(object.at("id").as_string()); }
  std::string mode() const { return std::string(object.at("mode").as_string()); }
  bool open() const { return status() == CheckoutSessionStatus::kOpen; }
  CheckoutSessionStatus status() const;
  // Moves the session to `to` by `op`; a move the table of checkout_session_status.h does not
  // allow throws std::logic_error.
  void move(CheckoutSessionOperation op, CheckoutSessionStatus to);
};

Result<Session> load(store::ReadTxn& txn, const api::Call& call, std::string_view id);
std::optional<Session> load(store::ReadTxn& txn, std::string_view account, std::string_view id);
void insert(store::Txn& txn, const intentd::events::Origin& origin, const Session& s);
// Saves `s`; emits `event` (checkout.session.completed, ...) when it is not empty.
void save(store::Txn& txn, const intentd::events::Origin& origin, const Session& s,
          std::string_view event = {});

// The list of the session's line items (for expand[]=line_items and the list endpoint).
boost::json::value line_items_list(const Session& s);

// An open session ends: expired, its SetupIntent canceled; emits checkout.session.expired.
void expire(store::Txn& txn, const intentd::events::Origin& origin, Session& s);

// The session is done: status complete, `payment_status`, the customer's details; emits
// checkout.session.completed.
void complete(store::Txn& txn, const intentd::events::Origin& origin, Session& s,
              std::string_view payment_status, boost::json::object customer_details);

// A payment the session started settled (SEPA) after the session completed unpaid:
// payment_status paid and checkout.session.async_payment_succeeded, or
// checkout.session.async_payment_failed, once. Nothing for any other session.
void payment_settled(store::Txn& txn, const intentd::events::Origin& origin,
                     std::string_view session_id, bool succeeded);

}  // namespace intentd::resources::checkout_sessions
