// A state machine over a status enum and an operation enum: one table of {operation,
// from-statuses, to-status} rows that judges every status write, plus Stripe's refusals.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/api_error.h"

namespace intentd::domain {

// `text` with {status}, {allowed} and {id} replaced (other braces stay as they are).
std::string fill_wording(std::string_view text, std::string_view status, std::string_view allowed,
                         std::string_view id);

// The status among `all` whose to_string is `name`.
template <typename Status>
std::optional<Status> parse_status(std::string_view name, std::initializer_list<Status> all) {
  for (Status s : all)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

// Status and Op are enum classes; to_string(Status) is found by argument-dependent lookup.
// Operations that are not API calls (a settlement, an expiry) have rows but no wording.
template <typename Status, typename Op>
struct StateMachine {
  struct Row {
    Op op;
    std::vector<Status> from;
    Status to;  // may be one of `from`: the operation can leave the status as it was
  };
  // How Stripe refuses an API operation; {status}, {allowed} and {id} are filled in.
  struct Wording {
    Op op;
    std::string_view text;
    std::string_view param = {};
  };
  // A refusal from one status that Stripe words apart from the rest.
  struct Special {
    Op op;
    Status from;
    std::string_view text;
  };

  std::string_view name;  // "PaymentIntent": names the machine in internal errors
  std::vector<Row> rows;
  std::vector<Wording> wordings = {};
  std::vector<Special> specials = {};
  std::string_view code = {};         // the refusals' error code ("" for none)
  std::string_view separator = ", ";  // between the allowed statuses a refusal lists
  std::string_view quote = "";        // around each of them

  bool allowed(Op op, Status from) const {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return has(r, op, from); });
  }

  // The statuses `op` is allowed from, in the order the rows list them.
  std::vector<Status> allowed_from(Op op) const {
    std::vector<Status> out;
    for (const Row& r : rows)
      if (r.op == op)
        for (Status s : r.from)
          if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return out;
  }

  // The statuses `op` may lead to from `from`, in the order the rows list them.
  std::vector<Status> successors(Op op, Status from) const {
    std::vector<Status> out;
    for (const Row& r : rows)
      if (has(r, op, from) && std::find(out.begin(), out.end(), r.to) == out.end())
        out.push_back(r.to);
    return out;
  }

  // The checked move: returns `to` when a row allows it. Otherwise the code has a bug, not the
  // client: std::logic_error, which fails the request with a 500 and rolls its writes back.
  Status move(Op op, Status from, Status to) const {
    for (const Row& r : rows)
      if (r.to == to && has(r, op, from)) return to;
    throw std::logic_error(std::string(name) + ": operation " +
                           std::to_string(static_cast<int>(op)) + " cannot move " +
                           std::string(to_string(from)) + " to " + std::string(to_string(to)));
  }

  // Stripe's error for the API operation `op` on an object in `from` (`id` names it where the
  // wording does). Asking it for an operation without wording throws std::logic_error.
  ApiError refusal(Op op, Status from, std::string_view id = {}) const {
    auto w = std::find_if(wordings.begin(), wordings.end(),
                          [&](const Wording& w) { return w.op == op; });
    if (w == wordings.end())
      throw std::logic_error(std::string(name) + ": operation " +
                             std::to_string(static_cast<int>(op)) + " is not an API call");
    std::string_view text = w->text;
    for (const Special& s : specials)
      if (s.op == op && s.from == from) text = s.text;
    std::string list;
    for (Status s : allowed_from(op)) {
      if (!list.empty()) list += separator;
      list.append(quote).append(to_string(s)).append(quote);
    }
    return ApiError::invalid_request(fill_wording(text, to_string(from), list, id),
                                     std::string(w->param), std::string(code));
  }

 private:
  static bool has(const Row& r, Op op, Status from) {
    return r.op == op && std::find(r.from.begin(), r.from.end(), from) != r.from.end();
  }
};

}  // namespace intentd::domain
