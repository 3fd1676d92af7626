// Checks a state machine against its table as a test writes it out: for every operation and
// every status, the statuses the operation may lead to (none: not allowed from there).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/state_machine.h"

namespace intentd::testutil {

template <typename Status, typename Op>
using Transitions = std::map<Op, std::map<Status, std::set<Status>>>;

// `expected` names every operation of `ops`; a status it leaves out is one the operation is not
// allowed from. Every (operation, from, to) is tried: the legal moves return `to`, the others
// throw std::logic_error.
template <typename Status, typename Op>
void expect_transitions(const domain::StateMachine<Status, Op>& machine, const std::vector<Op>& ops,
                        const std::vector<Status>& statuses,
                        const Transitions<Status, Op>& expected) {
  ASSERT_EQ(expected.size(), ops.size());
  for (Op op : ops)
    for (Status from : statuses) {
      SCOPED_TRACE("operation " + std::to_string(static_cast<int>(op)) + " from " +
                   std::string(to_string(from)));
      const auto& by_status = expected.at(op);
      const auto it = by_status.find(from);
      const std::set<Status> want = it == by_status.end() ? std::set<Status>() : it->second;
      EXPECT_EQ(machine.allowed(op, from), !want.empty());
      const std::vector<Status> got = machine.successors(op, from);
      EXPECT_EQ(std::set<Status>(got.begin(), got.end()), want);
      for (Status to : statuses) {
        if (want.count(to) == 1)
          EXPECT_EQ(machine.move(op, from, to), to) << "to " << to_string(to);
        else
          EXPECT_THROW(machine.move(op, from, to), std::logic_error) << "to " << to_string(to);
      }
    }
}

}  // namespace intentd::testutil
