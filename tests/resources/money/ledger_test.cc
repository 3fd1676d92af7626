#include "resources/money/ledger.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <map>
#include <random>
#include <tuple>

#include "testutil/jobs.h"
#include "testutil/store.h"

namespace intentd::resources::ledger {
namespace {
namespace json = boost::json;

constexpr const char* kAccount = "acct_ledger";
// 2024-01-01T15:00:00.250Z
constexpr int64_t kNowMs = 1'704'121'200'250;
constexpr int64_t kMidnight = 1'704'067'200;  // 2024-01-01T00:00:00Z
constexpr int64_t kDay = 86'400;

TEST(AvailableOn, ADelayOfDaysLandsOnMidnightUtc) {
  EXPECT_EQ(available_on(kNowMs, Settings::defaults().funds_available_after_ms),
            kMidnight + 2 * kDay);
  EXPECT_EQ(available_on(kMidnight * 1000, Settings::defaults().funds_available_after_ms),
            kMidnight + 2 * kDay);
  EXPECT_EQ(available_on(kNowMs, 24 * 3600 * 1000LL), kMidnight + kDay);
}

TEST(AvailableOn, AShorterDelayLandsOnTheNextWholeSecond) {
  EXPECT_EQ(available_on(kNowMs, 200), kNowMs / 1000 + 1);  // .450 → next second
  EXPECT_EQ(available_on(kNowMs, 750), kNowMs / 1000 + 1);  // a whole second exactly
  EXPECT_EQ(available_on(kNowMs, 751), kNowMs / 1000 + 2);
  EXPECT_EQ(available_on(kNowMs - 250, 0), kNowMs / 1000);
}

TEST(CaptureFee, CardsPayTwoPointNinePercentPlusThirty) {
  EXPECT_EQ(capture_fee("card", 0, 1000, "usd"), 59);
  EXPECT_EQ(capture_fee("card", 0, 2000, "eur"), 88);
  EXPECT_EQ(capture_fee("card", 0, 0, "usd"), 0);
}

TEST(CaptureFee, SplitCapturesCostWhatOneCaptureWould) {
  const int64_t whole = capture_fee("card", 0, 900, "usd");
  EXPECT_EQ(capture_fee("card", 0, 700, "usd") + capture_fee("card", 700, 200, "usd"), whole);
  int64_t sum = 0;
  for (int64_t before = 0; before < 5000; before += 100)
    sum += capture_fee("card", before, 100, "usd");
  EXPECT_EQ(sum, capture_fee("card", 0, 5000, "usd"));
}

TEST(CaptureFee, BankDebitsAreCappedAtFiveDollars) {
  EXPECT_EQ(capture_fee("sepa_debit", 0, 10000, "eur"), 80);
  EXPECT_EQ(capture_fee("us_bank_account", 0, 10000000, "usd"), 500);
  EXPECT_EQ(capture_fee("us_bank_account", 10000000, 100000, "usd"), 0);
}

TEST(SourceType, AchLandsInBankAccountEverythingElseInCard) {
  EXPECT_EQ(source_type_of("us_bank_account"), "bank_account");
  EXPECT_EQ(source_type_of("card"), "card");
  EXPECT_EQ(source_type_of("sepa_debit"), "card");
}

class LedgerTest : public testutil::StoreTest {
 protected:
  events::Origin at(int64_t now_ms) {
    return events::Origin::background(kAccount, now_ms, settings_);
  }

  Settings settings_;

  json::object record_sync(int64_t now_ms, const Entry& e) {
    json::object t;
    write([&](store::Txn& txn) { t = record(txn, at(now_ms), e); });
    return t;
  }

  int release_sync(int64_t now_ms, int64_t available) {
    int moved = 0;
    write([&](store::Txn& txn) { moved = release(txn, at(now_ms), available); });
    return moved;
  }

  json::object balance_now() {
    json::object b;
    store().read([&](store::ReadTxn& txn) { b = current(txn, kAccount); });
    return b;
  }

  // Every balance transaction of the account, with its source type.
  std::vector<std::pair<json::object, std::string>> transactions() {
    std::vector<std::pair<json::object, std::string>> out;
    store().read([&](store::ReadTxn& txn) {
      store::ListQuery q;
      q.type = std::string(kTransaction);
      q.limit = 100;
      for (;;) {
        auto page = txn.list(kAccount, q);
        for (auto& t : page->data) {
          auto internal = txn.get_internal(kAccount, kTransaction, t.at("id").as_string());
          out.emplace_back(t, std::string(internal->at("source_type").as_string()));
        }
        if (!page->has_more) break;
        q.starting_after = std::string(page->data.back().at("id").as_string());
      }
    });
    return out;
  }

  std::vector<json::object> events_of_type(std::string_view type) {
    std::vector<json::object> out;
    store().read([&](store::ReadTxn& txn) {
      store::ListQuery q;
      q.type = "event";
      q.lookup = store::LookupFilter{"type", {std::string(type)}};
      q.limit = 100;
      out = txn.list(kAccount, q)->data;
    });
    return out;
  }

  // The invariant: every balance bucket equals the sum of its transactions' net amounts.
  void expect_balanced() {
    using Key = std::tuple<std::string, std::string, std::string>;  // currency, status, type
    std::map<Key, int64_t> sums;
    std::map<std::pair<std::string, std::string>, int64_t> totals;  // currency, status
    for (const auto& [t, source_type] : transactions()) {
      const std::string currency(t.at("currency").as_string());
      const std::string status(t.at("status").as_string());
      EXPECT_EQ(t.at("net").as_int64(), t.at("amount").as_int64() - t.at("fee").as_int64());
      sums[{currency, status, source_type}] += t.at("net").as_int64();
      totals[{currency, status}] += t.at("net").as_int64();
    }
    const json::object b = balance_now();
    std::map<Key, int64_t> shown;
    for (const char* status : {"available", "pending"}) {
      for (const auto& row : b.at(status).as_array()) {
        const std::string currency(row.at("currency").as_string());
        int64_t by_type = 0;
        for (const auto& kv : row.at("source_types").as_object()) {
          if (kv.value().as_int64() != 0)
            shown[{currency, status, std::string(kv.key())}] = kv.value().as_int64();
          by_type += kv.value().as_int64();
        }
        EXPECT_EQ(row.at("amount").as_int64(), by_type) << currency << " " << status;
        EXPECT_EQ(row.at("amount").as_int64(), (totals[{currency, status}]))
            << currency << " " << status;
      }
    }
    std::erase_if(sums, [](const auto& kv) { return kv.second == 0; });
    EXPECT_EQ(shown, sums);
  }
};

Entry charge(int64_t amount, std::string currency = "usd", bool pending = true,
             std::string source_type = "card") {
  Entry e;
  e.type = "charge";
  e.reporting_category = "charge";
  e.amount = amount;
  e.fee = capture_fee("card", 0, amount, currency);
  e.currency = std::move(currency);
  e.source = "ch_test";
  e.source_type = std::move(source_type);
  e.pending = pending;
  return e;
}

Entry refund(int64_t amount, std::string currency = "usd") {
  Entry e;
  e.type = "refund";
  e.reporting_category = "refund";
  e.amount = -amount;
  e.currency = std::move(currency);
  e.source = "re_test";
  return e;
}

TEST_F(LedgerTest, AFreshAccountShowsUsdZeros) {
  const json::object b = balance_now();
  EXPECT_EQ(
      json::serialize(b),
      R"({"object":"balance","available":[{"amount":0,"currency":"usd","source_types":{"card":0}}],)"
      R"("connect_reserved":[{"amount":0,"currency":"usd"}],"livemode":false,)"
      R"("pending":[{"amount":0,"currency":"usd","source_types":{"card":0}}]})");
}

TEST_F(LedgerTest, AChargeIsPendingUntilItsAvailableOnAndShowsItsFee) {
  const json::object t = record_sync(kNowMs, charge(1000));
  EXPECT_TRUE(t.at("id").as_string().starts_with("txn_"));
  EXPECT_EQ(t.at("object"), "balance_transaction");
  EXPECT_EQ(t.at("amount"), 1000);
  EXPECT_EQ(t.at("fee"), 59);
  EXPECT_EQ(t.at("net"), 941);
  EXPECT_EQ(t.at("status"), "pending");
  EXPECT_EQ(t.at("available_on"), kMidnight + 2 * kDay);
  EXPECT_EQ(t.at("created"), kNowMs / 1000);
  EXPECT_EQ(t.at("balance_type"), "payments");
  EXPECT_EQ(t.at("exchange_rate"), nullptr);
  EXPECT_EQ(json::serialize(t.at("fee_details")),
            R"([{"amount":59,"application":null,"currency":"usd",)"
            R"("description":"Stripe processing fees","type":"stripe_fee"}])");
  const json::object b = balance_now();
  EXPECT_EQ(b.at("pending").as_array()[0].at("amount"), 941);
  EXPECT_EQ(b.at("available").as_array()[0].at("amount"), 0);
  expect_balanced();

  // One release job for that day, due at its midnight.
  auto jobs = testutil::job_rows(dir_.file("intentd.db"));
  std::erase_if(jobs, [](const auto& j) { return j.kind != kReleaseJob; });
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].due_ms, (kMidnight + 2 * kDay) * 1000);

  EXPECT_EQ(release_sync((kMidnight + 2 * kDay) * 1000, kMidnight + 2 * kDay), 1);
  const json::object after = balance_now();
  EXPECT_EQ(after.at("pending").as_array()[0].at("amount"), 0);
  EXPECT_EQ(after.at("available").as_array()[0].at("amount"), 941);
  EXPECT_EQ(transactions()[0].first.at("status"), "available");
  const auto announced = events_of_type("balance.available");
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].at("data").at("object").at("available").as_array()[0].at("amount"), 941);
  expect_balanced();
}

TEST_F(LedgerTest, ChargesOfOneDayShareOneReleaseJob) {
  for (int i = 0; i < 5; ++i) record_sync(kNowMs + i * 1000, charge(500 + i));
  record_sync(kNowMs + kDay * 1000, charge(700));  // the next day
  auto jobs = testutil::job_rows(dir_.file("intentd.db"));
  std::erase_if(jobs, [](const auto& j) { return j.kind != kReleaseJob; });
  EXPECT_EQ(jobs.size(), 2u);
  EXPECT_EQ(release_sync((kMidnight + 2 * kDay) * 1000, kMidnight + 2 * kDay), 5);
  EXPECT_EQ(release_sync((kMidnight + 3 * kDay) * 1000, kMidnight + 3 * kDay), 1);
  EXPECT_EQ(release_sync((kMidnight + 3 * kDay) * 1000, kMidnight + 3 * kDay), 0);
  expect_balanced();
  EXPECT_EQ(balance_now().at("pending").as_array()[0].at("amount"), 0);
}

TEST_F(LedgerTest, FundsAvailableAtOnceAreAnnouncedAndRefundsAreNot) {
  const json::object t = record_sync(kNowMs, charge(1000, "usd", /*pending=*/false));
  EXPECT_EQ(t.at("status"), "available");
  EXPECT_EQ(t.at("available_on"), kNowMs / 1000);
  EXPECT_EQ(events_of_type("balance.available").size(), 1u);
  const json::object r = record_sync(kNowMs, refund(400));
  EXPECT_EQ(r.at("amount"), -400);
  EXPECT_EQ(r.at("net"), -400);
  EXPECT_EQ(r.at("fee"), 0);
  EXPECT_EQ(r.at("fee_details").as_array().size(), 0u);
  EXPECT_EQ(r.at("status"), "available");
  EXPECT_EQ(events_of_type("balance.available").size(), 1u);
  EXPECT_EQ(balance_now().at("available").as_array()[0].at("amount"), 941 - 400);
  expect_balanced();
}

TEST_F(LedgerTest, ABalanceMayGoNegative) {
  record_sync(kNowMs, refund(1234, "eur"));
  const json::object b = balance_now();
  ASSERT_EQ(b.at("available").as_array().size(), 1u);
  EXPECT_EQ(b.at("available").as_array()[0].at("currency"), "eur");
  EXPECT_EQ(b.at("available").as_array()[0].at("amount"), -1234);
  expect_balanced();
}

TEST_F(LedgerTest, CurrenciesAndSourceTypesAreKeptApart) {
  record_sync(kNowMs, charge(1000, "usd"));
  record_sync(kNowMs, charge(2000, "eur"));
  record_sync(kNowMs, charge(3000, "usd", /*pending=*/false, "bank_account"));
  const json::object b = balance_now();
  ASSERT_EQ(b.at("available").as_array().size(), 2u);
  EXPECT_EQ(b.at("available").as_array()[0].at("currency"), "eur");  // alphabetical
  const json::object& usd = b.at("available").as_array()[1].as_object();
  EXPECT_EQ(usd.at("source_types").at("bank_account"), 3000 - 117);
  EXPECT_EQ(usd.at("source_types").at("card"), 0);
  expect_balanced();
}

TEST_F(LedgerTest, AShortDelayReleasesAfterItInsteadOfAtMidnight) {
  settings_.funds_available_after_ms = 200;
  const json::object t = record_sync(kNowMs, charge(1000));
  EXPECT_EQ(t.at("available_on"), kNowMs / 1000 + 1);
}

// The invariant under a random mix of charges, refunds and releases in three currencies.
TEST_F(LedgerTest, TheBalanceAlwaysEqualsTheSumOfItsTransactions) {
  settings_.funds_available_after_ms = 1500;
  std::mt19937 rng(20240101);
  const char* currencies[] = {"usd", "eur", "jpy"};
  int64_t now_ms = kNowMs;
  std::vector<int64_t> due;
  for (int step = 0; step < 300; ++step) {
    now_ms += std::uniform_int_distribution<int64_t>(0, 700)(rng);
    const std::string currency = currencies[rng() % 3];
    const int64_t amount = std::uniform_int_distribution<int64_t>(1, 99'999'999)(rng);
    switch (rng() % 4) {
      case 0:
      case 1: {
        json::object t = record_sync(now_ms, charge(amount, currency, rng() % 5 != 0,
                                                    rng() % 4 == 0 ? "bank_account" : "card"));
        if (t.at("status") == "pending") due.push_back(t.at("available_on").as_int64());
        break;
      }
      case 2:
        record_sync(now_ms, refund(amount / 3 + 1, currency));
        break;
      case 3:
        // Release whatever is due by now, as the jobs would.
        std::erase_if(due, [&](int64_t on) {
          if (on * 1000 > now_ms) return false;
          release_sync(now_ms, on);
          return true;
        });
        break;
    }
    if (step % 25 == 0) expect_balanced();
  }
  expect_balanced();
  for (int64_t on : due) release_sync(on * 1000, on);
  const json::object settled = balance_now();
  for (const auto& row : settled.at("pending").as_array()) EXPECT_EQ(row.at("amount"), 0);
  expect_balanced();
}

}  // namespace
}  // namespace intentd::resources::ledger
