#include "events/event_log.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "base/ids.h"
#include "events/destinations.h"
#include "testutil/destinations.h"
#include "testutil/jobs.h"
#include "testutil/store.h"

namespace intentd::events {
namespace {
namespace json = boost::json;
using testutil::event_destination;
using testutil::record;
using testutil::webhook_endpoint;

constexpr int64_t kNowMs = 1'700'000'000'123;
constexpr const char* kAccount = "acct_a";

json::object parse(std::string_view text) {
  return json::parse(text).as_object();
}

class EventLogTest : public testutil::StoreTest {
 protected:
  api::Call call(std::string request_id = "req_1", std::string idempotency_key = "") {
    api::Call c;
    c.account = kAccount;
    c.request_id = std::move(request_id);
    c.idempotency_key = std::move(idempotency_key);
    c.now_ms = kNowMs;
    c.now = kNowMs / 1000;
    return c;
  }

  json::object emit_sync(const Origin& origin, std::string_view type, const json::object& object,
                         const json::object* previous = nullptr) {
    json::object evt;
    write([&](store::Txn& txn) {
      evt = *txn.get(origin.account, kEvent, emit(txn, origin, type, object, previous));
    });
    return evt;
  }

  // The account's events of `object_type`, newest first.
  std::vector<json::object> list_events(std::string_view account = kAccount,
                                        std::string_view object_type = kEvent) {
    store::ListQuery q;
    q.type = std::string(object_type);
    q.limit = 100;
    std::vector<json::object> out;
    store().read([&](store::ReadTxn& txn) { out = txn.list(account, q)->data; });
    return out;
  }

  // Ids of the events GET /v1/events?delivery_success=`value` finds: the waiting ones through
  // the "undelivered" lookup, the delivered ones by their pending_webhooks.
  std::set<std::string> delivery_success(std::string_view value) {
    store::ListQuery q;
    q.type = std::string(kEvent);
    q.limit = 100;
    if (value == "false")
      q.lookup = store::LookupFilter{"undelivered", {"1"}};
    else
      q.keep = [](const json::object& e) {
        return e.at("pending_webhooks").to_number<int64_t>() == 0;
      };
    std::set<std::string> ids;
    store().read([&](store::ReadTxn& txn) {
      auto page = txn.list(kAccount, q);
      for (const auto& e : page->data) ids.insert(std::string(e.at("id").as_string()));
    });
    return ids;
  }

  int deliver_jobs(std::string_view account = kAccount) {
    int n = 0;
    store().read([&](store::ReadTxn& txn) { n = txn.count_jobs(account, kDeliverJob); });
    return n;
  }

  // (event, destination) of every queued delivery job.
  std::multiset<std::pair<std::string, std::string>> deliveries() {
    std::multiset<std::pair<std::string, std::string>> out;
    for (const auto& row : testutil::job_rows(dir_.file("intentd.db"))) {
      if (row.kind != kDeliverJob) continue;
      json::object p = parse(row.payload);
      out.emplace(std::string(p.at("event").as_string()),
                  std::string(p.at("destination").as_string()));
    }
    return out;
  }

  int64_t pending(std::string_view event_id) {
    return get(kAccount, kEvent, event_id)->at("pending_webhooks").as_int64();
  }

  json::object customer_{{"id", "cus_1"}, {"object", "customer"}, {"email", "a@b.c"}};
};

// ---- previous_attributes ----

TEST(PreviousAttributes, ChangedScalarShowsTheOldValue) {
  EXPECT_EQ(previous_attributes(parse(R"({"id":"cus_1","name":"old","email":"e"})"),
                                parse(R"({"id":"cus_1","name":"new","email":"e"})")),
            parse(R"({"name":"old"})"));
}

TEST(PreviousAttributes, AddedKeyShowsAsNull) {
  EXPECT_EQ(previous_attributes(parse(R"({"id":"cus_1"})"), parse(R"({"id":"cus_1","phone":"1"})")),
            parse(R"({"phone":null})"));
}

TEST(PreviousAttributes, RemovedKeyShowsTheOldValue) {
  EXPECT_EQ(previous_attributes(parse(R"({"id":"cus_1","phone":"1"})"), parse(R"({"id":"cus_1"})")),
            parse(R"({"phone":"1"})"));
}

TEST(PreviousAttributes, NestedHashesShowOnlyTheChangedKeys) {
  EXPECT_EQ(previous_attributes(parse(R"({"metadata":{"a":"1","b":"2","gone":"x"},"n":1})"),
                                parse(R"({"metadata":{"a":"1","b":"3","new":"y"},"n":1})")),
            parse(R"({"metadata":{"b":"2","gone":"x","new":null}})"));
}

TEST(PreviousAttributes, ValueChangingTypeShowsTheOldValue) {
  EXPECT_EQ(previous_attributes(parse(R"({"address":null,"tags":["a"]})"),
                                parse(R"({"address":{"city":"X"},"tags":["a","b"]})")),
            parse(R"({"address":null,"tags":["a"]})"));
  EXPECT_EQ(previous_attributes(parse(R"({"address":{"city":"X"}})"), parse(R"({"address":null})")),
            parse(R"({"address":{"city":"X"}})"));
}

TEST(PreviousAttributes, UnchangedIsEmpty) {
  const json::object o = parse(R"({"id":"cus_1","metadata":{"a":"1"},"n":[1,2]})");
  EXPECT_TRUE(previous_attributes(o, o).empty());
  // Key order does not count as a change.
  EXPECT_TRUE(previous_attributes(parse(R"({"a":1,"m":{"x":1,"y":2}})"),
                                  parse(R"({"m":{"y":2,"x":1},"a":1})"))
                  .empty());
}

// ---- Origin ----

TEST(Origin, OfACallCarriesItsRequest) {
  api::Call c;
  c.account = "acct_x";
  c.request_id = "req_9";
  c.idempotency_key = "key-9";
  c.now_ms = 42'000;
  Origin o = Origin::of(c);
  EXPECT_EQ(o.account, "acct_x");
  EXPECT_EQ(o.request_id, "req_9");
  EXPECT_EQ(o.idempotency_key, "key-9");
  EXPECT_EQ(o.now_ms, 42'000);
}

TEST(Origin, CarriesTheSettingsOfItsCallOrJob) {
  Settings settings;
  settings.settlement_delay_ms = 5;
  api::Call c;
  EXPECT_EQ(Origin::of(c).settings, &Settings::defaults());
  c.settings = &settings;
  EXPECT_EQ(Origin::of(c).settings, &settings);
  EXPECT_EQ(Origin::background("acct_x", 7'000, settings).settings, &settings);
}

TEST(Origin, BackgroundHasNoRequest) {
  Origin o = Origin::background("acct_x", 7'000, Settings::defaults());
  EXPECT_EQ(o.account, "acct_x");
  EXPECT_TRUE(o.request_id.empty());
  EXPECT_TRUE(o.idempotency_key.empty());
  EXPECT_EQ(o.now_ms, 7'000);
}

// ---- emit ----

TEST_F(EventLogTest, EmitWritesTheEvent) {
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  const std::string id(evt.at("id").as_string());
  EXPECT_TRUE(has_prefix(id, "evt"));
  EXPECT_EQ(evt.at("object"), "event");
  EXPECT_EQ(evt.at("type"), "customer.created");
  EXPECT_EQ(evt.at("created"), kNowMs / 1000);
  EXPECT_EQ(evt.at("livemode"), false);
  EXPECT_TRUE(evt.at("api_version").is_string());
  EXPECT_EQ(evt.at("data").at("object"), customer_);
  EXPECT_FALSE(evt.at("data").as_object().contains("previous_attributes"));
  auto stored = get(kAccount, kEvent, id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(*stored, evt);
}

TEST_F(EventLogTest, EmitCarriesPreviousAttributes) {
  json::object prev{{"email", "old@b.c"}};
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.updated", customer_, &prev);
  EXPECT_EQ(evt.at("data").at("previous_attributes"), prev);
}

TEST_F(EventLogTest, EmitQueuesOneJobPerEnabledMatchingDestination) {
  insert(kAccount, webhook_endpoint("we_all", "http://x/1", "whsec_1", {"*"}));
  insert(kAccount, webhook_endpoint("we_match", "http://x/2", "whsec_2",
                                    {"charge.succeeded", "customer.created"}));
  insert(kAccount, webhook_endpoint("we_other", "http://x/3", "whsec_3", {"charge.succeeded"}));
  insert(kAccount, webhook_endpoint("we_off", "http://x/4", "whsec_4", {"*"}, false));
  insert(kAccount,
         event_destination("ed_snap", "http://x/5", "whsec_5", "snapshot", {"customer.created"}));
  insert(kAccount, event_destination("ed_thin", "http://x/6", "whsec_6", "thin", {"*"}));
  insert(kAccount, event_destination("ed_off", "http://x/7", "whsec_7", "snapshot", {"*"}, false));
  // Another account's endpoint does not hear this account's events.
  insert("acct_b", webhook_endpoint("we_b", "http://x/8", "whsec_8", {"*"}));

  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  const std::string id(evt.at("id").as_string());
  EXPECT_EQ(evt.at("pending_webhooks"), 3);
  EXPECT_EQ(pending(id), 3);
  EXPECT_EQ(deliver_jobs(), 3);
  EXPECT_EQ(deliver_jobs("acct_b"), 0);
  std::multiset<std::pair<std::string, std::string>> want{
      {id, "we_all"}, {id, "we_match"}, {id, "ed_snap"}};
  EXPECT_EQ(deliveries(), want);
  // Jobs are due at once.
  for (const auto& row : testutil::job_rows(dir_.file("intentd.db"))) {
    EXPECT_EQ(row.due_ms, kNowMs);
    EXPECT_EQ(row.account, kAccount);
    EXPECT_EQ(row.attempts, 0);
  }
  EXPECT_EQ(delivery_success("false"), std::set<std::string>{id});
  EXPECT_TRUE(delivery_success("true").empty());
}

TEST_F(EventLogTest, EmitWithNoDestinationsWaitsForNothing) {
  insert(kAccount, webhook_endpoint("we_other", "http://x/1", "whsec_1", {"charge.succeeded"}));
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  EXPECT_EQ(evt.at("pending_webhooks"), 0);
  EXPECT_EQ(deliver_jobs(), 0);
  EXPECT_EQ(delivery_success("true"), std::set<std::string>{std::string(evt.at("id").as_string())});
}

TEST_F(EventLogTest, EmitFindsDestinationsPastOnePage) {
  // destinations() pages through 100 at a time; the 150 endpoints all count.
  write([&](store::Txn& txn) {
    for (int i = 0; i < 150; ++i)
      txn.insert(kAccount, webhook_endpoint("we_" + std::to_string(i), "http://x", "whsec", {"*"},
                                            true, 1'700'000'000 + i));
    txn.insert(kAccount, event_destination("ed_1", "http://x", "whsec", "snapshot", {"*"}));
  });
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  EXPECT_EQ(evt.at("pending_webhooks"), 151);
  EXPECT_EQ(deliver_jobs(), 151);
}

TEST_F(EventLogTest, RequestComesFromTheCall) {
  json::object evt;
  write([&](store::Txn& txn) {
    evt = *txn.get(kAccount, kEvent,
                   emit(txn, Origin::of(call("req_1", "key-1")), "customer.created", customer_));
  });
  EXPECT_EQ(evt.at("request"), parse(R"({"id":"req_1","idempotency_key":"key-1"})"));
  write([&](store::Txn& txn) {
    evt = *txn.get(kAccount, kEvent,
                   emit(txn, Origin::of(call("req_2", "")), "customer.created", customer_));
  });
  EXPECT_EQ(evt.at("request"), parse(R"({"id":"req_2","idempotency_key":null})"));
}

TEST_F(EventLogTest, BackgroundWorkHasANullRequest) {
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  EXPECT_EQ(evt.at("request"), parse(R"({"id":null,"idempotency_key":null})"));
}

// ---- insert / update / erase ----

TEST_F(EventLogTest, InsertWritesTheObjectAndItsCreatedEvent) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"customer.created"}));
  auto r = record("customer", "cus_1", 100, {{"email", "a@b.c"}});
  write([&](store::Txn& txn) { events::insert(txn, call("req_1", "k"), r); });
  EXPECT_TRUE(get(kAccount, "customer", "cus_1").has_value());
  auto evts = list_events();
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(evts[0].at("type"), "customer.created");
  EXPECT_EQ(evts[0].at("data").at("object"), r.data);
  EXPECT_EQ(evts[0].at("request").at("id"), "req_1");
  EXPECT_EQ(evts[0].at("pending_webhooks"), 1);
  EXPECT_EQ(deliver_jobs(), 1);
}

TEST_F(EventLogTest, InsertOfATypeWithoutEventsEmitsNothing) {
  write([&](store::Txn& txn) { events::insert(txn, call(), record("widget", "wid_1", 100)); });
  EXPECT_TRUE(get(kAccount, "widget", "wid_1").has_value());
  EXPECT_TRUE(list_events().empty());
}

TEST_F(EventLogTest, UpdateEmitsTheChangeWithPreviousAttributes) {
  auto before = record("customer", "cus_1", 100, {{"email", "a@b.c"}, {"metadata", {{"k", "v"}}}});
  insert(kAccount, before);
  auto after = record("customer", "cus_1", 100,
                      {{"email", "new@b.c"}, {"metadata", {{"k", "v"}, {"k2", "w"}}}});
  write([&](store::Txn& txn) { events::update(txn, call(), after, before.data); });
  EXPECT_EQ(get(kAccount, "customer", "cus_1")->at("email"), "new@b.c");
  auto evts = list_events();
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(evts[0].at("type"), "customer.updated");
  EXPECT_EQ(evts[0].at("data").at("object"), after.data);
  EXPECT_EQ(evts[0].at("data").at("previous_attributes"),
            parse(R"({"email":"a@b.c","metadata":{"k2":null}})"));
}

TEST_F(EventLogTest, UpdateThatChangesNothingEmitsNothing) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"*"}));
  auto r = record("customer", "cus_1", 100, {{"email", "a@b.c"}});
  insert(kAccount, r);
  write([&](store::Txn& txn) { events::update(txn, call(), r, r.data); });
  EXPECT_TRUE(list_events().empty());
  EXPECT_EQ(deliver_jobs(), 0);
}

TEST_F(EventLogTest, EraseRemovesTheObjectAndEmitsDeleted) {
  auto r = record("customer", "cus_1", 100, {{"email", "a@b.c"}});
  insert(kAccount, r);
  write([&](store::Txn& txn) { events::erase(txn, call(), "customer", r.data); });
  EXPECT_FALSE(get(kAccount, "customer", "cus_1").has_value());
  auto evts = list_events();
  ASSERT_EQ(evts.size(), 1u);
  EXPECT_EQ(evts[0].at("type"), "customer.deleted");
  EXPECT_EQ(evts[0].at("data").at("object"), r.data);
}

TEST_F(EventLogTest, AFailedWriteTakesItsEventAndJobsWithIt) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"*"}));
  EXPECT_EQ(store().write_sync([&](store::Txn& txn) {
    events::insert(txn, call(), record("customer", "cus_1", 100));
    throw std::runtime_error("the operation fails after its event");
  }),
            store::CommitStatus::kFailed);
  EXPECT_TRUE(list_events().empty());
  EXPECT_EQ(deliver_jobs(), 0);
}

// ---- delivery_settled / redeliver ----

TEST_F(EventLogTest, DeliverySettledCountsDownToZeroAndStops) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"*"}));
  insert(kAccount, webhook_endpoint("we_2", "http://x", "whsec", {"*"}));
  const std::string id(emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                                 "customer.created", customer_)
                           .at("id")
                           .as_string());
  ASSERT_EQ(pending(id), 2);

  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, id); });
  EXPECT_EQ(pending(id), 1);
  EXPECT_EQ(delivery_success("false"), std::set<std::string>{id});
  EXPECT_TRUE(delivery_success("true").empty());

  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, id); });
  EXPECT_EQ(pending(id), 0);
  EXPECT_EQ(delivery_success("true"), std::set<std::string>{id});
  EXPECT_TRUE(delivery_success("false").empty());

  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, id); });
  EXPECT_EQ(pending(id), 0);
  EXPECT_EQ(delivery_success("true"), std::set<std::string>{id});
}

TEST_F(EventLogTest, DeliverySettledKeepsTheRestOfTheEvent) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"*"}));
  json::object evt = emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                               "customer.created", customer_);
  const std::string id(evt.at("id").as_string());
  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, id); });
  evt["pending_webhooks"] = 0;
  EXPECT_EQ(*get(kAccount, kEvent, id), evt);
  // Still listed by type.
  store::ListQuery q;
  q.type = std::string(kEvent);
  q.lookup = store::LookupFilter{"type", {"customer.created"}};
  std::size_t n = 0;
  store().read([&](store::ReadTxn& txn) { n = txn.list(kAccount, q)->data.size(); });
  EXPECT_EQ(n, 1u);
}

TEST_F(EventLogTest, DeliverySettledOfAMissingEventDoesNothing) {
  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, "evt_gone"); });
  EXPECT_TRUE(list_events().empty());
}

TEST_F(EventLogTest, RedeliverQueuesAgainAndWaitsAgain) {
  insert(kAccount, webhook_endpoint("we_1", "http://x", "whsec", {"*"}));
  const std::string id(emit_sync(Origin::background(kAccount, kNowMs, Settings::defaults()),
                                 "customer.created", customer_)
                           .at("id")
                           .as_string());
  write([&](store::Txn& txn) { delivery_settled(txn, kAccount, id); });
  write([&](store::Txn& txn) {
    txn.finish_job(testutil::job_rows(dir_.file("intentd.db")).at(0).id);
  });
  ASSERT_EQ(pending(id), 0);
  ASSERT_EQ(deliver_jobs(), 0);

  write([&](store::Txn& txn) { redeliver(txn, kAccount, kNowMs + 5000, id, {"we_1"}); });
  EXPECT_EQ(pending(id), 1);
  EXPECT_EQ(delivery_success("false"), std::set<std::string>{id});
  auto rows = testutil::job_rows(dir_.file("intentd.db"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due_ms, kNowMs + 5000);
  EXPECT_EQ(parse(rows[0].payload), (json::object{{"event", id}, {"destination", "we_1"}}));
}

// ---- emit_thin ----

TEST_F(EventLogTest, EmitThinGoesOnlyToThinDestinationsThatWantIt) {
  insert(kAccount, webhook_endpoint("we_all", "http://x", "whsec", {"*"}));
  insert(kAccount, event_destination("ed_snap", "http://x", "whsec", "snapshot", {"*"}));
  insert(kAccount, event_destination("ed_thin", "http://x", "whsec", "thin", {"*"}));
  insert(kAccount,
         event_destination("ed_ping", "http://x", "whsec", "thin", {"v2.core.account.created"}));
  insert(kAccount, event_destination("ed_off", "http://x", "whsec", "thin", {"*"}, false));
  json::object evt;
  write([&](store::Txn& txn) {
    evt = emit_thin(txn, Origin::of(call("req_7", "key-7")), "v2.core.event_destination.ping",
                    RelatedObject{"ed_ping", "v2.core.event_destination",
                                  "/v2/core/event_destinations/ed_ping"});
  });
  const std::string id(evt.at("id").as_string());
  EXPECT_EQ(evt.at("object"), "v2.core.event");
  EXPECT_EQ(evt.at("created"), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(evt.at("type"), "v2.core.event_destination.ping");
  EXPECT_EQ(evt.at("related_object"), parse(R"({"id":"ed_ping","type":"v2.core.event_destination",)"
                                            R"("url":"/v2/core/event_destinations/ed_ping"})"));
  EXPECT_EQ(evt.at("reason"),
            parse(R"({"type":"request","request":{"id":"req_7","idempotency_key":"key-7"}})"));
  EXPECT_FALSE(evt.contains("pending_webhooks"));
  EXPECT_EQ(get(kAccount, kThinEvent, id), evt);
  std::multiset<std::pair<std::string, std::string>> want{{id, "ed_thin"}};
  EXPECT_EQ(deliveries(), want);
}

TEST_F(EventLogTest, EmitThinToOneDestinationIsAPing) {
  insert(kAccount, event_destination("ed_thin", "http://x", "whsec", "thin", {"*"}));
  insert(kAccount, event_destination("ed_ping", "http://x", "whsec", "thin", {}));
  json::object evt;
  write([&](store::Txn& txn) {
    evt = emit_thin(txn, Origin::background(kAccount, kNowMs, Settings::defaults()),
                    "v2.core.event_destination.ping",
                    RelatedObject{"ed_ping", "v2.core.event_destination", "/x"}, "ed_ping");
  });
  EXPECT_TRUE(evt.at("reason").is_null());
  std::multiset<std::pair<std::string, std::string>> want{
      {std::string(evt.at("id").as_string()), "ed_ping"}};
  EXPECT_EQ(deliveries(), want);
  // Thin events are found by the object they are about.
  store::ListQuery q;
  q.type = std::string(kThinEvent);
  q.lookup = store::LookupFilter{"object_id", {"ed_ping"}};
  std::size_t n = 0;
  store().read([&](store::ReadTxn& txn) { n = txn.list(kAccount, q)->data.size(); });
  EXPECT_EQ(n, 1u);
}

// ---- destinations ----

TEST_F(EventLogTest, DestinationsReadBothKinds) {
  insert(kAccount, webhook_endpoint("we_1", "http://x/we", "whsec_we", {"customer.created"}));
  insert(kAccount, event_destination("ed_1", "http://x/ed", "whsec_ed", "thin", {"*"}, false));
  std::vector<Destination> ds;
  std::optional<Destination> we, ed, missing, wrong_type;
  store().read([&](store::ReadTxn& txn) {
    ds = destinations(txn, kAccount);
    we = load_destination(txn, kAccount, "we_1");
    ed = load_destination(txn, kAccount, "ed_1");
    missing = load_destination(txn, kAccount, "we_nope");
    wrong_type = load_destination(txn, "acct_b", "we_1");
  });
  ASSERT_EQ(ds.size(), 2u);
  ASSERT_TRUE(we.has_value());
  EXPECT_EQ(we->url, "http://x/we");
  EXPECT_EQ(we->secret, "whsec_we");
  EXPECT_TRUE(we->enabled);
  EXPECT_FALSE(we->thin);
  EXPECT_EQ(we->enabled_events, std::vector<std::string>{"customer.created"});
  ASSERT_TRUE(ed.has_value());
  EXPECT_EQ(ed->url, "http://x/ed");
  EXPECT_EQ(ed->secret, "whsec_ed");
  EXPECT_FALSE(ed->enabled);
  EXPECT_TRUE(ed->thin);
  EXPECT_FALSE(missing.has_value());
  EXPECT_FALSE(wrong_type.has_value());
}

}  // namespace
}  // namespace intentd::events
