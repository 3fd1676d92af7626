// Helpers for tests that run against a real SqliteStore in a temporary directory: a store
// opened in a fresh TempDir and gone afterwards, and records made in one line.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite_store.h"
#include "testutil/temp_dir.h"

namespace intentd::testutil {

// {"id", "object", "created"} plus `extra` fields, as resources store their objects.
inline store::Record record(std::string type, std::string id, int64_t created,
                            boost::json::object extra = {},
                            std::vector<std::pair<std::string, std::string>> lookups = {}) {
  store::Record r;
  r.type = std::move(type);
  r.id = std::move(id);
  r.created = created;
  r.data["id"] = r.id;
  r.data["object"] = r.type;
  r.data["created"] = created;
  for (const auto& kv : extra) r.data[kv.key()] = kv.value();
  r.lookups = std::move(lookups);
  return r;
}

// A SqliteStore in its own temporary directory, stopped before the directory goes.
class StoreTest : public ::testing::Test {
 protected:
  StoreTest() : store_(store::SqliteStore::open(dir_.file("intentd.db"))) {}
  ~StoreTest() override { store_->stop(); }

  store::SqliteStore& store() { return *store_; }

  // Runs `fn` as one write and expects it to commit.
  void write(const store::Store::WriteFn& fn) {
    ASSERT_EQ(store_->write_sync(fn), store::CommitStatus::kCommitted);
  }
  void insert(std::string_view account, const store::Record& r) {
    write([&](store::Txn& txn) { txn.insert(account, r); });
  }
  std::optional<boost::json::object> get(std::string_view account, std::string_view type,
                                         std::string_view id) {
    std::optional<boost::json::object> out;
    store_->read([&](store::ReadTxn& txn) { out = txn.get(account, type, id); });
    return out;
  }

  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

}  // namespace intentd::testutil
