#include "store/readability_check.h"

#include <boost/json/parse.hpp>

#include "base/utf8.h"
#include "store/sqlite_connection.h"

namespace intentd::store {
namespace {

// Why `text` does not read back as JSON, or "" when it does.
std::string problem_of(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  if (!ec) return {};
  std::string why = ec.message();
  if (!valid_utf8(text)) why += " (the text is not valid UTF-8)";
  return why;
}

// Shown in the report: text that may itself be the broken bytes.
std::string shown(std::string_view text) {
  return printable_text(text, 200);
}

}  // namespace

ReadabilityReport check_readability(const std::string& path) {
  Connection db(path, Connection::Mode::kReadOnly);
  ReadabilityReport report;
  auto check = [&](const char* table, const char* column, std::string_view account,
                   std::string_view key, std::string_view text) {
    ++report.rows_checked;
    if (std::string why = problem_of(text); !why.empty())
      report.unreadable.push_back({table, column, shown(account), shown(key), std::move(why)});
  };
  {
    auto st = db.prepare("SELECT account, id, data, internal FROM objects ORDER BY rid");
    while (st->step()) {
      check("objects", "data", st->column_text(0), st->column_text(1), st->column_text(2));
      if (!st->column_is_null(3))
        check("objects", "internal", st->column_text(0), st->column_text(1), st->column_text(3));
    }
  }
  {
    auto st = db.prepare("SELECT account, key, body FROM idempotency ORDER BY rid");
    while (st->step())
      check("idempotency", "body", st->column_text(0), st->column_text(1), st->column_text(2));
  }
  {
    auto st = db.prepare("SELECT account, kind || ' ' || rid, payload FROM jobs ORDER BY rid");
    while (st->step())
      check("jobs", "payload", st->column_text(0), st->column_text(1), st->column_text(2));
  }
  return report;
}

}  // namespace intentd::store
