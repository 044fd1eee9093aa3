// The `inlet` command line: what the user asked for, parsed without side effects.
//
//   inlet serve [--config F] [--listen HOST:PORT] [--data-dir D] [--threads N]
//               [--log-level L] [--log-format text|json] [--set section.key=value]...
//   inlet token create --name N --scope S [--scope S]... [--expires-in-hours H]
//                      [--endpoint ID]... [--data-dir D | --config F]
//   inlet token list   [--data-dir D | --config F]
//   inlet token revoke ID [--data-dir D | --config F]
//   inlet --check-config F      inlet --version      inlet --help
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inlet/common/status.h"

namespace inlet::app {

struct CommandLine {
  enum class Command {
    kHelp,
    kVersion,
    kCheckConfig,
    kServe,
    kTokenCreate,
    kTokenList,
    kTokenRevoke
  };
  Command command = Command::kHelp;
  std::string config_path;  // --config, or the file of --check-config
  // Settings from flags as dotted config keys, applied after the file and environment.
  std::vector<std::pair<std::string, std::string>> settings;
  // token create / revoke
  std::string token_name;
  std::vector<std::string> token_scopes;
  std::optional<int64_t> token_expires_in_hours;
  std::vector<std::string> token_endpoints;
  std::string token_id;
};

// `args` excludes the program name. Errors are kInvalidArgument with a message that
// names the flag and ends with a pointer to `inlet --help`.
Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args);

// The text of `inlet --help`.
std::string HelpText();

}  // namespace inlet::app
