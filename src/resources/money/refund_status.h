// The Refund state machine: its statuses, the operations that move a refund (canceling it, the
// test helper that expires it, the settlement that finishes or fails it later), which leads
// from which status to which, and Stripe's refusals. A new refund starts pending or succeeded,
// written at creation; every later status write is a move through this table.
#pragma once

#include <optional>
#include <string_view>

#include "base/api_error.h"
#include "domain/state_machine.h"

namespace intentd::resources::refunds {

enum class RefundStatus {
  kPending,
  kRequiresAction,
  kSucceeded,
  kFailed,
  kCanceled,
};

enum class RefundOperation {
  kCancel,  // POST /v1/refunds/:id/cancel
  kExpire,  // POST /v1/test_helpers/refunds/:id/expire
  kSettle,  // a pending card refund went through
  kFail,    // a refund that had succeeded failed (the card was closed)
};

std::string_view to_string(RefundStatus s);
std::optional<RefundStatus> refund_status(std::string_view s);

using RefundMachine = domain::StateMachine<RefundStatus, RefundOperation>;
const RefundMachine& refund_machine();

bool allowed(RefundOperation op, RefundStatus from);

// 400 with Stripe's wording for `op` on the refund `id` in `from`, e.g. "Refund re_123 cannot
// be canceled because it has a status of succeeded. Only a refund with a status of pending or
// requires_action can be canceled."
ApiError unexpected_state(RefundOperation op, RefundStatus from, std::string_view id);

}  // namespace intentd::resources::refunds
