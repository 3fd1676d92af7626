#include "util/strings.h"

namespace intentd::util {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

}  // namespace intentd::util
