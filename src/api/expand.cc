#include "api/expand.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "util/strings.h"

namespace intentd::api {
namespace json = boost::json;
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view segment : util::split(path, '.')) out.emplace_back(segment);
  return out;
}

// Stripe names the first segment that could not be expanded.
ApiError cannot_expand(const std::string& segment) {
  return ApiError::invalid_request("This property cannot be expanded (" + segment + ").", "expand");
}

}  // namespace

void ExpandRules::add(std::string_view owner, std::string_view field, std::string_view target) {
  rules_.push_back(Rule{std::string(owner), split(field), std::string(target), nullptr});
}

void ExpandRules::add_computed(std::string_view owner, std::string_view field, Compute compute) {
  rules_.push_back(Rule{std::string(owner), split(field), {}, std::move(compute)});
}

const ExpandRules::Rule* ExpandRules::match(std::string_view type,
                                            const std::vector<std::string>& segments,
                                            std::size_t from) const {
  const Rule* best = nullptr;
  for (const Rule& r : rules_) {
    if (r.owner != type || r.field.size() > segments.size() - from) continue;
    bool prefix = true;
    for (std::size_t i = 0; i < r.field.size() && prefix; ++i)
      prefix = r.field[i] == segments[from + i];
    if (prefix && (best == nullptr || r.field.size() > best->field.size())) best = &r;
  }
  return best;
}

Status ExpandRules::check(std::string_view type, bool list,
                          const std::vector<std::string>& paths) const {
  for (const std::string& path : paths) {
    std::vector<std::string> segments = split(path);
    for (const auto& s : segments)
      if (s.empty()) return cannot_expand(path);
    if (segments.size() > kMaxExpandDepth)
      return ApiError::invalid_request("You cannot expand more than " +
                                           std::to_string(kMaxExpandDepth) +
                                           " levels of a property. Property: " + path,
                                       "expand", "property_expansion_max_depth");
    std::size_t at = 0;
    if (list) {
      if (segments[0] != "data") {
        // Tell the caller the list form of the path when it would have worked.
        ApiError e = cannot_expand(segments[0]);
        if (check(type, true, {"data." + path}).ok())
          e.message += " You may want to try expanding 'data." + path + "' instead.";
        return e;
      }
      at = 1;
    }
    std::string_view current = type;
    while (at < segments.size()) {
      const Rule* r = match(current, segments, at);
      if (r == nullptr) return cannot_expand(segments[at]);
      at += r->field.size();
      if (r->compute && at < segments.size()) return cannot_expand(segments[at]);
      current = r->target;
    }
  }
  return Status::Ok();
}

void ExpandRules::apply(json::value& response, std::string_view type, bool list,
                        const std::vector<std::string>& paths, std::string_view account,
                        store::ReadTxn& txn) const {
  for (const std::string& path : paths) {
    std::vector<std::string> segments = split(path);
    if (!list) {
      expand(response, type, segments, 0, account, txn);
      continue;
    }
    if (json::array* data = response.as_object()["data"].if_array())
      for (json::value& item : *data) expand(item, type, segments, 1, account, txn);
  }
}

void ExpandRules::expand(json::value& object, std::string_view type,
                         const std::vector<std::string>& segments, std::size_t from,
                         std::string_view account, store::ReadTxn& txn) const {
  if (from >= segments.size() || !object.is_object()) return;
  const Rule* r = match(type, segments, from);
  if (r == nullptr) return;
  if (r->compute) {
    // Computed: set the last field on the object that holds it.
    json::object* holder = object.if_object();
    for (std::size_t i = 0; i + 1 < r->field.size() && holder != nullptr; ++i) {
      json::value* next = holder->if_contains(r->field[i]);
      holder = next != nullptr ? next->if_object() : nullptr;
    }
    if (holder != nullptr)
      (*holder)[r->field.back()] = r->compute(object.as_object(), account, txn);
    return;
  }
  // Walk to the object that holds the field, then swap its id for the object.
  json::value* slot = &object;
  for (const std::string& name : r->field) {
    json::object* o = slot->if_object();
    if (o == nullptr) return;
    slot = o->if_contains(name);
    if (slot == nullptr) return;
  }
  if (slot->is_string()) {
    auto loaded = txn.get(account, r->target, slot->as_string());
    if (!loaded) return;  // a dangling id stays an id
    *slot = std::move(*loaded);
  }
  expand(*slot, r->target, segments, from + r->field.size(), account, txn);
}

}  // namespace intentd::api
