// The SetupAttempt state machine: an attempt is recorded in the status its confirmation ended
// in; one left in requires_action (3-D Secure, microdeposits) goes on when the setup does, fails
// with its authentication, or is abandoned with its SetupIntent. Every later status write is a
// move through this table.
#pragma once

#include <optional>
#include <string_view>

#include "domain/state_machine.h"

namespace intentd::resources::setup_attempts {

enum class SetupAttemptStatus {
  kRequiresAction,
  kProcessing,
  kSucceeded,
  kFailed,
  kAbandoned,
};

enum class SetupAttemptOperation {
  kResume,        // the setup was confirmed again (after 3-D Secure, or microdeposits verified)
  kAuthenticate,  // 3-D Secure failed on the page
  kAbandon,       // its SetupIntent was canceled while it waited
};

std::string_view to_string(SetupAttemptStatus s);
std::optional<SetupAttemptStatus> setup_attempt_status(std::string_view s);

using SetupAttemptMachine = domain::StateMachine<SetupAttemptStatus, SetupAttemptOperation>;
const SetupAttemptMachine& setup_attempt_machine();

}  // namespace intentd::resources::setup_attempts
