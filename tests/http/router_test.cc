#include "http/router.h"

#include <gtest/gtest.h>

namespace intentd::http {
namespace {
using api::Param;

std::vector<api::Endpoint> endpoints() {
  const Param none = Param::hash({});
  return {
      api::get("/v1/customers/:id", nullptr, "customer", none),
      api::get("/v1/customers/search", nullptr, "customer", none, api::Returns::kList),
      api::post("/v1/customers/:id", nullptr, "customer", none),
      api::get("/v1/customers", nullptr, "customer", none, api::Returns::kList),
      api::del("/v1/customers/:customer/sources/:id", nullptr, "card", none),
  };
}

TEST(Router, LiteralSegmentsBeatCaptures) {
  Router router(endpoints());
  Router::Match m = router.match("GET", "/v1/customers/search");
  ASSERT_NE(m.endpoint, nullptr);
  EXPECT_EQ(m.endpoint->path, "/v1/customers/search");
  EXPECT_TRUE(m.args.empty());
}

TEST(Router, CapturesAreReturnedInOrder) {
  Router router(endpoints());
  Router::Match one = router.match("GET", "/v1/customers/cus_123");
  ASSERT_NE(one.endpoint, nullptr);
  EXPECT_EQ(one.endpoint->path, "/v1/customers/:id");
  EXPECT_EQ(one.args, (std::vector<std::string>{"cus_123"}));

  Router::Match two = router.match("DELETE", "/v1/customers/cus_1/sources/card_2");
  ASSERT_NE(two.endpoint, nullptr);
  EXPECT_EQ(two.args, (std::vector<std::string>{"cus_1", "card_2"}));
}

TEST(Router, MethodSelectsTheEndpoint) {
  Router router(endpoints());
  EXPECT_EQ(router.match("POST", "/v1/customers/cus_1").endpoint->method, "POST");
  EXPECT_EQ(router.match("GET", "/v1/customers/cus_1").endpoint->method, "GET");
}

TEST(Router, MethodMismatchIsNoMatch) {
  Router router(endpoints());
  EXPECT_EQ(router.match("DELETE", "/v1/customers").endpoint, nullptr);
  EXPECT_EQ(router.match("PUT", "/v1/customers/cus_1").endpoint, nullptr);
}

TEST(Router, UnknownPathsAndEmptyCapturesDoNotMatch) {
  Router router(endpoints());
  EXPECT_EQ(router.match("GET", "/v1/charges").endpoint, nullptr);
  EXPECT_EQ(router.match("GET", "/v1/customers/").endpoint, nullptr);
  EXPECT_EQ(router.match("GET", "/v1/customers/cus_1/extra").endpoint, nullptr);
  EXPECT_EQ(router.match("GET", "/v1").endpoint, nullptr);
}

TEST(SplitPath, KeepsEmptySegments) {
  EXPECT_EQ(split_path("/v1/customers/cus_1"),
            (std::vector<std::string_view>{"v1", "customers", "cus_1"}));
  EXPECT_EQ(split_path("/v1/customers/"), (std::vector<std::string_view>{"v1", "customers", ""}));
  EXPECT_EQ(split_path("/"), (std::vector<std::string_view>{""}));
}

}  // namespace
}  // namespace intentd::http
