// The Charge state machine: a bank debit's charge is pending until it settles (succeeded or
// failed) or its PaymentIntent is canceled first (failed). A charge is created in its attempt's
// status (pending, succeeded or failed); every later status write is a move through this table.
#pragma once

#include <optional>
#include <string_view>

#include "domain/state_machine.h"

namespace intentd::resources::charges {

enum class ChargeStatus {
  kPending,
  kSucceeded,
  kFailed,
};

enum class ChargeOperation {
  kSettle,  // the debit settled or failed
  kCancel,  // its PaymentIntent was canceled while the debit was pending
};

std::string_view to_string(ChargeStatus s);
std::optional<ChargeStatus> charge_status(std::string_view s);

using ChargeMachine = domain::StateMachine<ChargeStatus, ChargeOperation>;
const ChargeMachine& charge_machine();

}  // namespace intentd::resources::charges
