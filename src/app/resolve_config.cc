#include <cstdlib>
#include <map>

#include "app/app_parts.h"

extern char** environ;

namespace inlet::app {

Result<config::Config> ResolveConfig(const CommandLine& line) {
  config::Config config;
  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    size_t eq = text.find('=');
    if (eq != std::string::npos) environment[text.substr(0, eq)] = text.substr(eq + 1);
  }
  std::string path = line.config_path;
  if (path.empty() && environment.count("INLET_CONFIG")) path = environment["INLET_CONFIG"];
  if (!path.empty()) INLET_RETURN_IF_ERROR(config::LoadFile(path, config));
  INLET_RETURN_IF_ERROR(config::ApplyEnvironment(environment, config));
  for (const auto& [key, value] : line.settings) {
    INLET_RETURN_IF_ERROR(config::SetByName(key, value, config));
  }
  INLET_RETURN_IF_ERROR(config::Validate(config));
  return config;
}

}  // namespace inlet::app
