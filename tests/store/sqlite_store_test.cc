#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include "testutil/store.h"

namespace intentd::store {
namespace {
namespace json = boost::json;
using testutil::record;

class SqliteStoreTest : public testutil::StoreTest {};

TEST_F(SqliteStoreTest, InsertThenGet) {
  insert("acct_a", record("customer", "cus_1", 100, {{"email", "a@b.c"}}));
  auto got = get("acct_a", "customer", "cus_1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->at("id"), "cus_1");
  EXPECT_EQ(got->at("email"), "a@b.c");
  EXPECT_EQ(got->at("created"), 100);
}

TEST_F(SqliteStoreTest, GetOfAMissingIdIsNullopt) {
  EXPECT_FALSE(get("acct_a", "customer", "cus_nope").has_value());
}

TEST_F(SqliteStoreTest, ObjectsAreInvisibleToOtherAccounts) {
  insert("acct_a", record("customer", "cus_1", 100));
  EXPECT_FALSE(get("acct_b", "customer", "cus_1").has_value());
}

TEST_F(SqliteStoreTest, GetRequiresTheType) {
  insert("acct_a", record("customer", "cus_1", 100));
  EXPECT_FALSE(get("acct_a", "payment_method", "cus_1").has_value());
}

TEST_F(SqliteStoreTest, SameIdInTwoAccountsAreTwoObjects) {
  insert("acct_a", record("customer", "cus_1", 100, {{"name", "A"}}));
  insert("acct_b", record("customer", "cus_1", 100, {{"name", "B"}}));
  EXPECT_EQ(get("acct_a", "customer", "cus_1")->at("name"), "A");
  EXPECT_EQ(get("acct_b", "customer", "cus_1")->at("name"), "B");
}

TEST_F(SqliteStoreTest, HasIdSeesEveryTypeButOnlyItsAccount) {
  insert("acct_a", record("customer", "gold", 100));
  auto has_id = [this](std::string_view account, std::string_view id) {
    bool out = false;
    store().read([&](ReadTxn& txn) { out = txn.has_id(account, id); });
    return out;
  };
  EXPECT_TRUE(has_id("acct_a", "gold"));
  EXPECT_FALSE(has_id("acct_b", "gold"));
  EXPECT_FALSE(has_id("acct_a", "silver"));
}

TEST_F(SqliteStoreTest, DuplicateInsertFails) {
  insert("acct_a", record("customer", "cus_1", 100));
  EXPECT_EQ(
      store().write_sync([](Txn& txn) { txn.insert("acct_a", record("customer", "cus_1", 200)); }),
      CommitStatus::kFailed);
}

TEST_F(SqliteStoreTest, UpdateReplacesData) {
  insert("acct_a", record("customer", "cus_1", 100, {{"name", "old"}}));
  write([](Txn& txn) {
    txn.update("acct_a", record("customer", "cus_1", 100, {{"name", "new"}}));
  });
  EXPECT_EQ(get("acct_a", "customer", "cus_1")->at("name"), "new");
}

TEST_F(SqliteStoreTest, UpdateOfAnotherAccountsObjectFails) {
  insert("acct_a", record("customer", "cus_1", 100, {{"name", "old"}}));
  EXPECT_EQ(store().write_sync([](Txn& txn) {
    txn.update("acct_b", record("customer", "cus_1", 100, {{"name", "stolen"}}));
  }),
            CommitStatus::kFailed);
  EXPECT_EQ(get("acct_a", "customer", "cus_1")->at("name"), "old");
}

TEST_F(SqliteStoreTest, UpdateWithTheWrongTypeFails) {
  insert("acct_a", record("customer", "cus_1", 100, {{"name", "old"}}));
  EXPECT_EQ(store().write_sync([](Txn& txn) {
    txn.update("acct_a", record("payment_method", "cus_1", 100, {{"name", "new"}}));
  }),
            CommitStatus::kFailed);
  EXPECT_EQ(get("acct_a", "customer", "cus_1")->at("name"), "old");
}

TEST_F(SqliteStoreTest, EraseIsScopedByAccountAndType) {
  insert("acct_a", record("customer", "cus_1", 100));
  bool other_account = true, other_type = true, erased = false, again = true;
  write([&](Txn& txn) {
    other_account = txn.erase("acct_b", "customer", "cus_1");
    other_type = txn.erase("acct_a", "payment_method", "cus_1");
    erased = txn.erase("acct_a", "customer", "cus_1");
    again = txn.erase("acct_a", "customer", "cus_1");
  });
  EXPECT_FALSE(other_account);
  EXPECT_FALSE(other_type);
  EXPECT_TRUE(erased);
  EXPECT_FALSE(again);
  EXPECT_FALSE(get("acct_a", "customer", "cus_1").has_value());
}

TEST_F(SqliteStoreTest, WritesSurviveReopening) {
  insert("acct_a", record("customer", "cus_1", 100));
  store_->stop();
  store_ = SqliteStore::open(dir_.file("intentd.db"));
  EXPECT_TRUE(get("acct_a", "customer", "cus_1").has_value());
}

IdempotencyRecord idempotency_record(std::string key, int64_t created, std::string body = "{}") {
  return IdempotencyRecord{std::move(key),  "POST", "/v1/customers", "hash", 200,
                           std::move(body), created};
}

TEST_F(SqliteStoreTest, IdempotencyRecordsSaveAndGetPerAccount) {
  write(
      [](Txn& txn) { txn.save_idempotency("acct_a", idempotency_record("k1", 50, "{\"a\":1}")); });
  std::optional<IdempotencyRecord> mine, theirs;
  store().read([&](ReadTxn& txn) {
    mine = txn.idempotency("acct_a", "k1");
    theirs = txn.idempotency("acct_b", "k1");
  });
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->key, "k1");
  EXPECT_EQ(mine->method, "POST");
  EXPECT_EQ(mine->path, "/v1/customers");
  EXPECT_EQ(mine->params_hash, "hash");
  EXPECT_EQ(mine->status, 200);
  EXPECT_EQ(mine->body, "{\"a\":1}");
  EXPECT_EQ(mine->created, 50);
  EXPECT_FALSE(theirs.has_value());
}

TEST_F(SqliteStoreTest, IdempotencySaveReplaces) {
  write([](Txn& txn) { txn.save_idempotency("acct_a", idempotency_record("k1", 50, "first")); });
  write([](Txn& txn) { txn.save_idempotency("acct_a", idempotency_record("k1", 60, "second")); });
  std::optional<IdempotencyRecord> got;
  store().read([&](ReadTxn& txn) { got = txn.idempotency("acct_a", "k1"); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->body, "second");
}

TEST_F(SqliteStoreTest, PruneDeletesRecordsOlderThanTheCutoff) {
  write([](Txn& txn) {
    txn.save_idempotency("acct_a", idempotency_record("old", 10));
    txn.save_idempotency("acct_b", idempotency_record("old", 19));
    txn.save_idempotency("acct_a", idempotency_record("new", 20));
  });
  int pruned = -1;
  write([&](Txn& txn) { pruned = txn.prune_idempotency(20); });
  EXPECT_EQ(pruned, 2);
  bool old_a = true, old_b = true, kept = false;
  store().read([&](ReadTxn& txn) {
    old_a = txn.idempotency("acct_a", "old").has_value();
    old_b = txn.idempotency("acct_b", "old").has_value();
    kept = txn.idempotency("acct_a", "new").has_value();
  });
  EXPECT_FALSE(old_a);
  EXPECT_FALSE(old_b);
  EXPECT_TRUE(kept);
}

TEST_F(SqliteStoreTest, ApiKeysRoundTripWithTheirKind) {
  write([](Txn& txn) {
    txn.insert_api_key(ApiKey{"acct_a", "sk_test_a", KeyKind::kSecret, 1});
    txn.insert_api_key(ApiKey{"acct_a", "pk_test_a", KeyKind::kPublishable, 2});
    txn.insert_api_key(ApiKey{"acct_a", "sk_test_a", KeyKind::kSecret, 3});  // ignored
  });
  std::vector<ApiKey> keys;
  store().read([&](ReadTxn& txn) { keys = txn.api_keys(); });
  ASSERT_EQ(keys.size(), 2u);
  for (const ApiKey& k : keys) {
    EXPECT_EQ(k.account, "acct_a");
    if (k.secret == "sk_test_a") {
      EXPECT_EQ(k.kind, KeyKind::kSecret);
      EXPECT_EQ(k.created, 1);
    } else {
      EXPECT_EQ(k.secret, "pk_test_a");
      EXPECT_EQ(k.kind, KeyKind::kPublishable);
    }
  }
}

}  // namespace
}  // namespace intentd::store
