#include "domain/state_machine.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace intentd::domain {
namespace {

// A door: the smallest machine with every feature.
enum class Door { kClosed, kOpen, kLocked, kBroken };
enum class DoorOp { kOpen, kClose, kLock, kKick, kWear };

std::string_view to_string(Door d) {
  switch (d) {
    case Door::kClosed:
      return "closed";
    case Door::kOpen:
      return "open";
    case Door::kLocked:
      return "locked";
    case Door::kBroken:
      return "broken";
  }
  return "closed";
}

const StateMachine<Door, DoorOp>& door() {
  static const StateMachine<Door, DoorOp> machine{
      .name = "Door",
      .rows =
          {
              {DoorOp::kOpen, {Door::kClosed}, Door::kOpen},
              {DoorOp::kClose, {Door::kOpen}, Door::kClosed},
              {DoorOp::kLock, {Door::kClosed}, Door::kLocked},
              {DoorOp::kLock, {Door::kLocked}, Door::kLocked},  // locking twice: still locked
              // Listed out of lifecycle order on purpose: the rows' order is the message's.
              {DoorOp::kKick, {Door::kLocked, Door::kClosed}, Door::kBroken},
              {DoorOp::kKick, {Door::kClosed, Door::kOpen}, Door::kOpen},
              {DoorOp::kWear, {Door::kOpen, Door::kClosed, Door::kLocked}, Door::kBroken},
          },
      .wordings =
          {
              {DoorOp::kOpen, "Door {id} cannot be opened: it is {status}. Only a {allowed} door.",
               "door"},
              {DoorOp::kClose, "Cannot close a {status} door; only {allowed} ones."},
              {DoorOp::kLock, "Cannot lock a {status} door; only {allowed} ones."},
              {DoorOp::kKick, "Cannot kick a {status} door; only [{allowed}] ones {sic}."},
          },
      .specials = {{DoorOp::kOpen, Door::kLocked, "This door is locked: use the key."}},
      .code = "door_unexpected_state",
      .separator = " or ",
      .quote = "'",
  };
  return machine;
}

TEST(StateMachine, AllowedFromTheStatusesItsRowsList) {
  EXPECT_TRUE(door().allowed(DoorOp::kOpen, Door::kClosed));
  EXPECT_FALSE(door().allowed(DoorOp::kOpen, Door::kOpen));
  EXPECT_FALSE(door().allowed(DoorOp::kOpen, Door::kLocked));
  EXPECT_TRUE(door().allowed(DoorOp::kLock, Door::kLocked));
  EXPECT_TRUE(door().allowed(DoorOp::kKick, Door::kOpen));
  EXPECT_FALSE(door().allowed(DoorOp::kKick, Door::kBroken));
}

TEST(StateMachine, AllowedStatusesInTheOrderOfTheRows) {
  EXPECT_EQ(door().allowed_from(DoorOp::kKick),
            (std::vector<Door>{Door::kLocked, Door::kClosed, Door::kOpen}));
  EXPECT_EQ(door().allowed_from(DoorOp::kLock), (std::vector<Door>{Door::kClosed, Door::kLocked}));
  EXPECT_EQ(door().allowed_from(DoorOp::kWear),
            (std::vector<Door>{Door::kOpen, Door::kClosed, Door::kLocked}));
}

TEST(StateMachine, SuccessorsOfOneStatus) {
  EXPECT_EQ(door().successors(DoorOp::kKick, Door::kClosed),
            (std::vector<Door>{Door::kBroken, Door::kOpen}));
  EXPECT_EQ(door().successors(DoorOp::kKick, Door::kLocked), (std::vector<Door>{Door::kBroken}));
  EXPECT_EQ(door().successors(DoorOp::kLock, Door::kLocked), (std::vector<Door>{Door::kLocked}));
  EXPECT_TRUE(door().successors(DoorOp::kOpen, Door::kBroken).empty());
}

TEST(StateMachine, MoveReturnsWhatARowAllows) {
  EXPECT_EQ(door().move(DoorOp::kOpen, Door::kClosed, Door::kOpen), Door::kOpen);
  EXPECT_EQ(door().move(DoorOp::kLock, Door::kLocked, Door::kLocked), Door::kLocked);
  EXPECT_EQ(door().move(DoorOp::kWear, Door::kLocked, Door::kBroken), Door::kBroken);
}

TEST(StateMachine, AnIllegalMoveThrowsALogicError) {
  // Not allowed from there at all.
  EXPECT_THROW(door().move(DoorOp::kOpen, Door::kLocked, Door::kOpen), std::logic_error);
  // Allowed from there, but not to there.
  EXPECT_THROW(door().move(DoorOp::kOpen, Door::kClosed, Door::kBroken), std::logic_error);
  EXPECT_THROW(door().move(DoorOp::kKick, Door::kLocked, Door::kOpen), std::logic_error);
  try {
    door().move(DoorOp::kClose, Door::kBroken, Door::kClosed);
    FAIL() << "no throw";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "Door: operation 1 cannot move broken to closed");
  }
}

TEST(StateMachine, RefusalFillsTheWording) {
  ApiError e = door().refusal(DoorOp::kOpen, Door::kOpen, "door_1");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.type, ErrorType::kInvalidRequestError);
  EXPECT_EQ(e.code, "door_unexpected_state");
  EXPECT_EQ(e.param, "door");
  EXPECT_EQ(e.message, "Door door_1 cannot be opened: it is open. Only a 'closed' door.");
}

TEST(StateMachine, RefusalListsTheAllowedStatusesWithTheSeparatorAndQuotes) {
  ApiError e = door().refusal(DoorOp::kLock, Door::kOpen);
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message, "Cannot lock a open door; only 'closed' or 'locked' ones.");
  // Unknown braces stay as they are.
  EXPECT_EQ(door().refusal(DoorOp::kKick, Door::kBroken).message,
            "Cannot kick a broken door; only ['locked' or 'closed' or 'open'] ones {sic}.");
}

TEST(StateMachine, ASpecialWordingForOneStatus) {
  EXPECT_EQ(door().refusal(DoorOp::kOpen, Door::kLocked).message,
            "This door is locked: use the key.");
  EXPECT_EQ(door().refusal(DoorOp::kOpen, Door::kLocked).param, "door");
  EXPECT_EQ(door().refusal(DoorOp::kOpen, Door::kBroken).message,
            "Door  cannot be opened: it is broken. Only a 'closed' door.");
}

TEST(StateMachine, NoWordingForAnOperationThatIsNotAnApiCall) {
  EXPECT_THROW(door().refusal(DoorOp::kWear, Door::kBroken), std::logic_error);
}

TEST(StateMachine, NoCodeMeansNone) {
  const StateMachine<Door, DoorOp> plain{
      .name = "Plain",
      .rows = {{DoorOp::kOpen, {Door::kClosed}, Door::kOpen},
               {DoorOp::kOpen, {Door::kLocked}, Door::kOpen}},
      .wordings = {{DoorOp::kOpen, "Only {allowed}, not {status}."}},
  };
  ApiError e = plain.refusal(DoorOp::kOpen, Door::kOpen);
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.message, "Only closed, locked, not open.");
}

TEST(StateMachine, ParseStatus) {
  const auto all = {Door::kClosed, Door::kOpen, Door::kLocked, Door::kBroken};
  EXPECT_EQ(parse_status("locked", all), Door::kLocked);
  EXPECT_EQ(parse_status("closed", all), Door::kClosed);
  EXPECT_FALSE(parse_status("ajar", all).has_value());
  EXPECT_FALSE(parse_status("", all).has_value());
}

TEST(FillWording, ReplacesEveryField) {
  EXPECT_EQ(fill_wording("{id}:{status}:{allowed}:{status}", "s", "a, b", "x"), "x:s:a, b:s");
  EXPECT_EQ(fill_wording("{} {statuses} {", "s", "a", "x"), "{} {statuses} {");
  EXPECT_EQ(fill_wording("", "s", "a", "x"), "");
}

}  // namespace
}  // namespace intentd::domain
