// Small string helpers shared by routing and expand paths.
#pragma once

#include <string_view>
#include <vector>

namespace intentd::util {

// "a.b..c" split on '.' → {"a", "b", "", "c"}: empty pieces are kept.
std::vector<std::string_view> split(std::string_view s, char sep);

}  // namespace intentd::util
