#include "api/list.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <optional>

#include "api/form_decoder.h"

namespace intentd::api {
namespace json = boost::json;

std::vector<Field> list_params() {
  return {
      {"created", Param::range()},
      {"ending_before", Param::string()},
      {"limit", Param::integer().min(1).max(100)},
      {"starting_after", Param::string()},
  };
}

Result<store::ListQuery> list_query(const Call& call, std::string type) {
  store::ListQuery q;
  q.type = std::move(type);
  if (const auto* v = call.param("limit")) q.limit = static_cast<int>(v->as_int64());
  if (const auto* v = call.param("starting_after")) q.starting_after = v->as_string();
  if (const auto* v = call.param("ending_before")) q.ending_before = v->as_string();
  if (!q.starting_after.empty() && !q.ending_before.empty())
    return ApiError::invalid_request(
        "You may only specify one of these parameters: ending_before, starting_after.",
        "ending_before", "parameters_exclusive");
  if (const auto* v = call.param("created")) {
    if (v->is_int64()) {
      q.created.gte = q.created.lte = v->as_int64();
    } else {
      // gt/lt become inclusive bounds (saturating: no object is created at INT64 edges).
      const json::object& r = v->as_object();
      auto bound = [&r](const char* key, int64_t shift) -> std::optional<int64_t> {
        const json::value* x = r.if_contains(key);
        if (x == nullptr) return std::nullopt;
        int64_t b = x->as_int64();
        if (shift > 0 && b == INT64_MAX) return b;
        if (shift < 0 && b == INT64_MIN) return b;
        return b + shift;
      };
      for (auto b : {bound("gte", 0), bound("gt", 1)})
        if (b) q.created.gte = std::max(q.created.gte, *b);
      for (auto b : {bound("lte", 0), bound("lt", -1)})
        if (b) q.created.lte = std::min(q.created.lte, *b);
    }
  }
  return q;
}

Result<json::value> list_page(const Call& call, store::ReadTxn& txn,
                              const store::ListQuery& query) {
  auto page = txn.list(call.account, query);
  if (!page) {
    const bool after = !query.starting_after.empty();
    return ApiError::resource_missing(query.type,
                                      after ? query.starting_after : query.ending_before,
                                      after ? "starting_after" : "ending_before");
  }
  json::object out;
  out["object"] = "list";
  json::array data;
  data.reserve(page->data.size());
  for (auto& o : page->data) data.emplace_back(std::move(o));
  out["data"] = std::move(data);
  out["has_more"] = page->has_more;
  out["url"] = call.path;
  return json::value(std::move(out));
}

json::value page_of(const Call& call, json::array all, std::string url) {
  const std::size_t limit =
      call.param("limit") ? static_cast<std::size_t>(call.param("limit")->as_int64()) : 10;
  std::size_t start = 0, end = all.size();
  if (const json::value* after = call.param("starting_after"))
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].at("id") == *after) start = i + 1;
  if (const json::value* before = call.param("ending_before")) {
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].at("id") == *before) end = i;
    start = end > limit ? end - limit : 0;
  }
  json::array page;
  for (std::size_t i = start; i < end && page.size() < limit; ++i) page.push_back(all[i]);
  const bool more = start + page.size() < end || (call.param("ending_before") && start > 0);
  return json::object{
      {"object", "list"}, {"data", std::move(page)}, {"has_more", more}, {"url", std::move(url)}};
}

namespace {

// Page tokens name the object a page starts after (or ends before).
constexpr std::string_view kAfter = "after_";
constexpr std::string_view kBefore = "before_";

// The same list (its filters included) at another page.
std::string page_url(const Call& call, const store::ListQuery& q, std::string_view token) {
  json::object params = call.params;
  params.erase("page");
  params["limit"] = q.limit;
  params["page"] = token;
  return call.path + "?" + encode_form(params);
}

}  // namespace

std::vector<Field> v2_list_params() {
  return {
      {"limit", Param::integer().min(1).max(100)},
      {"page", Param::string()},
  };
}

Result<store::ListQuery> v2_list_query(const Call& call, std::string type) {
  store::ListQuery q;
  q.type = std::move(type);
  if (const auto* v = call.param("limit")) q.limit = static_cast<int>(v->as_int64());
  if (const auto* v = call.param("page")) {
    std::string_view token = v->as_string();
    if (token.starts_with(kAfter))
      q.starting_after = token.substr(kAfter.size());
    else if (token.starts_with(kBefore))
      q.ending_before = token.substr(kBefore.size());
    else
      return ApiError::invalid_request("Invalid page token: " + std::string(token), "page");
  }
  return q;
}

Result<json::value> v2_list_page(const Call& call, store::ReadTxn& txn,
                                 const store::ListQuery& query) {
  auto page = txn.list(call.account, query);
  if (!page)
    return ApiError::invalid_request("Invalid page token: the page no longer exists.", "page");
  const bool backwards = !query.ending_before.empty();
  const bool more_after = backwards ? true : page->has_more;
  const bool more_before = backwards ? page->has_more : !query.starting_after.empty();
  json::object out;
  json::array data;
  for (auto& o : page->data) data.emplace_back(std::move(o));
  json::value next = nullptr, previous = nullptr;
  if (!data.empty() && more_after)
    next =
        page_url(call, query, std::string(kAfter) + std::string(data.back().at("id").as_string()));
  if (!data.empty() && more_before)
    previous = page_url(call, query,
                        std::string(kBefore) + std::string(data.front().at("id").as_string()));
  out["data"] = std::move(data);
  out["next_page_url"] = next;
  out["previous_page_url"] = previous;
  return json::value(std::move(out));
}

}  // namespace intentd::api
