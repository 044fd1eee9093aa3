// ApplyEnvironment: INLET_<SECTION>_<KEY> variables, for containers and systemd units
// where editing the file is awkward.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "config/config_keys.h"

namespace inlet::config {
namespace internal {

std::string EnvironmentName(const Key& key) {
  std::string name = "INLET_";
  char previous = '_';
  for (char c : key.name) {
    if (c == '.') {
      c = '_';
    } else if (std::isupper(static_cast<unsigned char>(c)) &&
               std::islower(static_cast<unsigned char>(previous))) {
      name += '_';  // camelCase word boundary
    }
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    previous = c;
  }
  return name;
}

}  // namespace internal

namespace {

constexpr std::string_view kPrefix = "INLET_";
// Never keys of the table: INLET_CONFIG is read by the app before any configuration
// exists; INLET_URL and INLET_TOKEN are the command line client's, often exported in the
// same shell that starts the server.
constexpr std::string_view kReserved[] = {"INLET_CONFIG", "INLET_URL", "INLET_TOKEN"};

}  // namespace

Status ApplyEnvironment(const std::map<std::string, std::string>& environment, Config& config) {
  std::vector<std::string> known;
  for (const internal::Key& key : internal::Keys()) known.push_back(internal::EnvironmentName(key));

  // Work on a copy so that one bad variable changes nothing.
  Config updated = config;
  for (const auto& [name, value] : environment) {
    if (!name.starts_with(kPrefix)) continue;
    if (std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved)) {
      continue;
    }
    const internal::Key* key = nullptr;
    for (size_t i = 0; i < known.size(); ++i) {
      if (known[i] == name) key = &internal::Keys()[i];
    }
    if (key == nullptr) {
      // Catching typos matters more than tolerating foreign INLET_ variables.
      return Status::InvalidArgument("config-unknown-key",
                                     "unknown environment variable " + name +
                                         internal::DidYouMean(name, known) +
                                         "; INLET_ variables must name a configuration key");
    }
    INLET_RETURN_IF_ERROR(
        internal::SetFromText(*key, value, updated).WithContext("environment variable " + name));
  }
  config = std::move(updated);
  return Status::Ok();
}

}  // namespace inlet::config
