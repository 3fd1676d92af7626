#include "store/readability_check.h"

#include <gtest/gtest.h>

#include "store/sqlite_connection.h"
#include "testutil/store.h"

namespace intentd::store {
namespace {
using testutil::record;

class ReadabilityCheckTest : public testutil::StoreTest {};

TEST_F(ReadabilityCheckTest, ObjectsHoldingBytesThatAreNotUtf8StillReadBack) {
  // What a header once put into a PaymentIntent (`Host: ev\xffil` in its next_action URL).
  insert("acct_a", record("payment_intent", "pi_1", 100, {{"url", "http://ev\xFFil/x"}}));
  auto got = get("acct_a", "payment_intent", "pi_1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->at("url").as_string(), "http://ev\xEF\xBF\xBDil/x");
  store().stop();
  const ReadabilityReport report = check_readability(dir_.file("intentd.db"));
  EXPECT_EQ(report.rows_checked, 1);
  EXPECT_TRUE(report.unreadable.empty());
}

TEST_F(ReadabilityCheckTest, ReportsEveryUnreadableDocument) {
  insert("acct_a", record("customer", "cus_ok", 100));
  insert("acct_a", record("customer", "cus_bad", 101));
  store().stop();
  {
    // Rows as an older intentd wrote them: invalid UTF-8 inside a string, and a cut document.
    Connection db(dir_.file("intentd.db"), Connection::Mode::kReadWrite);
    db.exec(
        "UPDATE objects SET data = CAST(X'7B226964223A2263FF227D' AS TEXT) "
        "WHERE id = 'cus_bad'");
    db.exec(
        "INSERT INTO idempotency (account, key, method, path, params_hash, status, body, "
        "created) VALUES ('acct_a', 'k1', 'POST', '/v1/customers', 'h', 200, '{\"id\":', 1)");
  }
  const ReadabilityReport report = check_readability(dir_.file("intentd.db"));
  EXPECT_EQ(report.rows_checked, 3);
  ASSERT_EQ(report.unreadable.size(), 2u);
  EXPECT_EQ(report.unreadable[0].table, "objects");
  EXPECT_EQ(report.unreadable[0].column, "data");
  EXPECT_EQ(report.unreadable[0].key, "cus_bad");
  EXPECT_NE(report.unreadable[0].problem.find("not valid UTF-8"), std::string::npos)
      << report.unreadable[0].problem;
  EXPECT_EQ(report.unreadable[1].table, "idempotency");
  EXPECT_EQ(report.unreadable[1].key, "k1");
}

}  // namespace
}  // namespace intentd::store
