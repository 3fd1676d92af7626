#include "resources/setup_intents/setup_attempt_status.h"

namespace intentd::resources::setup_attempts {
namespace {

using S = SetupAttemptStatus;
using Op = SetupAttemptOperation;

}  // namespace

std::string_view to_string(SetupAttemptStatus s) {
  switch (s) {
    case S::kRequiresAction:
      return "requires_action";
    case S::kProcessing:
      return "processing";
    case S::kSucceeded:
      return "succeeded";
    case S::kFailed:
      return "failed";
    case S::kAbandoned:
      return "abandoned";
  }
  return "requires_action";
}

std::optional<SetupAttemptStatus> setup_attempt_status(std::string_view s) {
  return domain::parse_status(
      s, {S::kRequiresAction, S::kProcessing, S::kSucceeded, S::kFailed, S::kAbandoned});
}

const SetupAttemptMachine& setup_attempt_machine() {
  static const SetupAttemptMachine machine{
      .name = "SetupAttempt",
      .rows =
          {
              {Op::kResume, {S::kRequiresAction}, S::kSucceeded},
              {Op::kResume, {S::kRequiresAction}, S::kFailed},
              {Op::kResume, {S::kRequiresAction}, S::kRequiresAction},  // asks again
              {Op::kAuthenticate, {S::kRequiresAction}, S::kFailed},
              {Op::kAbandon, {S::kRequiresAction}, S::kAbandoned},
          },
  };
  return machine;
}

}  // namespace intentd::resources::setup_attempts
