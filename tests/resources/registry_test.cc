#include "resources/registry.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "events/event_types.h"

namespace intentd::resources {
namespace {

TEST(Registry, FamiliesHaveDistinctNames) {
  std::set<std::string_view> names;
  for (const Family& f : families()) {
    EXPECT_FALSE(f.name.empty());
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
  }
  EXPECT_GE(names.size(), 8u);
}

TEST(Registry, ObjectTypesAreDeclaredOnceWithAPrefix) {
  std::map<std::string_view, std::string_view> owner_of;
  std::map<std::string_view, std::string_view> type_of_prefix;
  for (const Family& f : families())
    for (const ObjectType& t : f.objects) {
      EXPECT_TRUE(owner_of.emplace(t.name, f.name).second) << t.name << " declared twice";
      ASSERT_FALSE(t.prefix.empty()) << t.name;
      // v1 and v2 events share evt_; every other kind of object has its own prefix.
      auto [it, fresh] = type_of_prefix.emplace(t.prefix, t.name);
      EXPECT_TRUE(fresh || t.prefix == "evt")
          << t.prefix << " used by " << it->second << " and " << t.name;
    }
}

TEST(Registry, EveryRouteIsUniqueAndReturnsADeclaredType) {
  std::set<std::string_view> declared = {"balance"};  // the one object without an id
  for (const Family& f : families())
    for (const ObjectType& t : f.objects) declared.insert(t.name);
  std::set<std::string> seen;
  std::size_t total = 0;
  for (const Family& f : families())
    for (const api::Endpoint& e : f.routes) {
      ++total;
      EXPECT_TRUE(seen.insert(std::string(e.method) + " " + std::string(e.path)).second)
          << e.method << " " << e.path;
      EXPECT_TRUE(declared.contains(e.object_type)) << e.path << " returns " << e.object_type;
      EXPECT_TRUE((e.read == nullptr) != (e.write == nullptr)) << e.path;
    }
  EXPECT_EQ(routes().size(), total);
}

TEST(Registry, JobKindsAreDistinctAndBuildTheirHandlers) {
  ManualClock clock(1'700'000'000);
  const Settings settings;
  const JobContext context{clock, settings};
  std::set<std::string_view> kinds;
  for (const Family& f : families())
    for (const JobKind& j : f.jobs) {
      EXPECT_TRUE(kinds.insert(j.kind).second) << j.kind;
      EXPECT_NE(j.make(context), nullptr) << j.kind;
    }
  for (std::string_view kind : {"payment.settle", "payment.authorization_expiry", "refund.settle",
                                "balance.release", "checkout.session_expiry"})
    EXPECT_TRUE(kinds.contains(kind)) << kind;
}

TEST(Registry, EventsAreStripesAndEachBelongsToOneFamily) {
  std::set<std::string_view> seen;
  for (const Family& f : families())
    for (std::string_view type : f.events) {
      EXPECT_TRUE(events::is_v1_event_type(type) || events::is_v2_event_type(type)) << type;
      EXPECT_TRUE(seen.insert(type).second) << type << " listed twice";
    }
}

TEST(Registry, IntentOwnersAreObjectsOfTheirFamily) {
  for (const Family& f : families())
    for (const IntentOwner& owner : f.intent_owners) {
      bool declared = false;
      for (const ObjectType& t : f.objects) declared = declared || t.name == owner.type;
      EXPECT_TRUE(declared) << owner.type;
      EXPECT_EQ(intent_owner(owner.type), &owner);
    }
  ASSERT_NE(intent_owner("checkout.session"), nullptr);
  EXPECT_EQ(intent_owner("invoice"), nullptr);  // not yet
}

}  // namespace
}  // namespace intentd::resources
