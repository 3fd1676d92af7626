#include "store/migrations.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "testutil/temp_dir.h"

namespace intentd::store {
namespace {
namespace json = boost::json;

json::value internal_of(Connection& db, const char* id) {
  auto st = db.prepare("SELECT internal FROM objects WHERE id = ?1");
  st->bind(1, id);
  EXPECT_TRUE(st->step());
  return json::parse(st->column_text(0));
}

TEST(Migrations, BringANewDatabaseToTheLatestVersion) {
  testutil::TempDir dir;
  Connection db(dir.file("intentd.db"), Connection::Mode::kReadWrite);
  EXPECT_EQ(migrate(db), latest_schema_version());
  EXPECT_EQ(migrate(db), latest_schema_version());  // and do nothing the second time
}

TEST(Migrations, IntentsThatNamedTheirCheckoutSessionRecordItAsTheirOwner) {
  testutil::TempDir dir;
  Connection db(dir.file("intentd.db"), Connection::Mode::kReadWrite);
  migrate(db);
  // Rows as a version 3 database holds them.
  db.exec(R"sql(
    INSERT INTO objects (seq, account, id, type, created, lookups, data, internal) VALUES
      (1, 'acct_a', 'pi_1', 'payment_intent', 1, '[]', '{}',
       '{"checkout_session":"cs_test_1","authenticated":true}'),
      (2, 'acct_a', 'seti_1', 'setup_intent', 1, '[]', '{}', '{"checkout_session":"cs_test_2"}'),
      (3, 'acct_a', 'pi_2', 'payment_intent', 1, '[]', '{}', '{"authenticated":false}'),
      (4, 'acct_a', 'cus_1', 'customer', 1, '[]', '{}', '{"checkout_session":"not an intent"}');
    PRAGMA user_version = 3;
  )sql");
  EXPECT_EQ(migrate(db), latest_schema_version());
  EXPECT_EQ(internal_of(db, "pi_1"), json::parse(R"({"authenticated":true,
                            "owner":{"type":"checkout.session","id":"cs_test_1"}})"));
  EXPECT_EQ(internal_of(db, "seti_1"),
            json::parse(R"({"owner":{"type":"checkout.session","id":"cs_test_2"}})"));
  EXPECT_EQ(internal_of(db, "pi_2"), json::parse(R"({"authenticated":false})"));
  EXPECT_EQ(internal_of(db, "cus_1"), json::parse(R"({"checkout_session":"not an intent"})"));
}

}  // namespace
}  // namespace intentd::store
