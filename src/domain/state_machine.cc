#include "domain/state_machine.h"

namespace intentd::domain {

std::string fill_wording(std::string_view text, std::string_view status, std::string_view allowed,
                         std::string_view id) {
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"{status}", status}, {"{allowed}", allowed}, {"{id}", id}};
  std::string out;
  while (!text.empty()) {
    bool filled = false;
    for (const auto& [field, value] : fields)
      if (text.starts_with(field)) {
        out += value;
        text.remove_prefix(field.size());
        filled = true;
        break;
      }
    if (!filled) {
      out += text.front();
      text.remove_prefix(1);
    }
  }
  return out;
}

}  // namespace intentd::domain
