#include "http/router.h"

#include "util/strings.h"

namespace intentd::http {

std::vector<std::string_view> split_path(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return util::split(path, '/');
}

Router::Router(std::vector<api::Endpoint> endpoints) : endpoints_(std::move(endpoints)) {
  for (const auto& e : endpoints_) {
    std::vector<std::string> segs;
    for (auto s : split_path(e.path)) segs.emplace_back(s);
    patterns_.push_back(std::move(segs));
  }
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  const auto segs = split_path(path);
  // Literal segments win over captures, so /v1/customers/search beats /v1/customers/:id.
  Match best;
  int best_literals = -1;
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    const auto& pattern = patterns_[i];
    if (endpoints_[i].method != method || pattern.size() != segs.size()) continue;
    std::vector<std::string> args;
    int literals = 0;
    bool ok = true;
    for (std::size_t j = 0; j < segs.size() && ok; ++j) {
      if (!pattern[j].empty() && pattern[j][0] == ':') {
        ok = !segs[j].empty();
        args.emplace_back(segs[j]);
      } else {
        ok = pattern[j] == segs[j];
        ++literals;
      }
    }
    if (ok && literals > best_literals) {
      best = Match{&endpoints_[i], std::move(args)};
      best_literals = literals;
    }
  }
  return best;
}

}  // namespace intentd::http
