#include "cli/check.h"

#include <cstdio>
#include <exception>

#include "store/readability_check.h"
#include "store/sqlite_connection.h"

namespace intentd::cli {

int check(const CheckOptions& options) {
  try {
    std::string integrity;
    {
      store::Connection db(options.db, store::Connection::Mode::kReadOnly);
      auto st = db.prepare("PRAGMA integrity_check");
      while (st->step()) {
        if (!integrity.empty()) integrity += "; ";
        integrity += st->column_text(0);
      }
    }
    const store::ReadabilityReport report = store::check_readability(options.db);
    for (const store::UnreadableRow& row : report.unreadable)
      std::printf("unreadable: %s.%s account=%s key=%s: %s\n", row.table.c_str(),
                  row.column.c_str(), row.account.c_str(), row.key.c_str(), row.problem.c_str());
    std::printf("sqlite integrity_check: %s\n", integrity.c_str());
    std::printf("%lld documents checked, %zu unreadable\n",
                static_cast<long long>(report.rows_checked), report.unreadable.size());
    return report.unreadable.empty() && integrity == "ok" ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "intentd: cannot check %s: %s\n", options.db.c_str(), e.what());
    return 2;
  }
}

}  // namespace intentd::cli
