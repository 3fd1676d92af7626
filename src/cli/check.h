// `intentd check --db FILE`: reports every stored document that does not read back (see
// store/readability_check.h) and SQLite's own integrity check; exit 0 when all is well, 1 when
// something is unreadable, 2 when the database cannot be opened.
#pragma once

#include <string>

namespace intentd::cli {

struct CheckOptions {
  std::string db = "intentd.db";
};

int check(const CheckOptions& options);

}  // namespace intentd::cli
