// SetByName: one key from text, the way command-line flags set it.
#include "config/config_keys.h"

namespace inlet::config {

Status SetByName(const std::string& dotted_key, const std::string& value, Config& config) {
  const internal::Key* key = internal::FindKey(dotted_key);
  if (key == nullptr) {
    std::vector<std::string> names;
    for (const internal::Key& known : internal::Keys()) names.emplace_back(known.name);
    return Status::InvalidArgument(
        "config-unknown-key",
        "unknown key \"" + dotted_key + "\"" + internal::DidYouMean(dotted_key, names));
  }
  return internal::SetFromText(*key, value, config);
}

}  // namespace inlet::config
