#include "inlet/app/command_line.h"

#include <charconv>
#include <set>

#include "inlet/cli/client_command.h"
#include "inlet/config/config.h"

namespace inlet::app {
namespace {

Status Usage(const std::string& message) {
  return Status::InvalidArgument("invalid-command-line", message + " (see inlet --help)");
}

// Reads the value of a flag given as "--flag value" or "--flag=value".
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}
  bool Done() const { return index_ >= args_.size(); }
  const std::string& Next() { return args_[index_++]; }

  Result<std::string> Value(const std::string& flag, const std::string& inline_value,
                            bool has_inline) {
    if (has_inline) return inline_value;
    if (Done()) return Usage(flag + " needs a value");
    return Next();
  }

 private:
  const std::vector<std::string>& args_;
  size_t index_ = 0;
};

Status SplitListen(const std::string& listen, CommandLine& line) {
  // An IPv6 host is bracketed ("[::1]:8888"): its colons are not the port's.
  size_t host_end = listen.starts_with('[') ? listen.find(']') : std::string::npos;
  size_t colon = listen.starts_with('[')
                     ? (host_end != std::string::npos && listen.compare(host_end + 1, 1, ":") == 0
                            ? host_end + 1
                            : std::string::npos)
                     : listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return Usage("--listen expects HOST:PORT, e.g. 127.0.0.1:8888 or [::1]:8888");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  line.settings.emplace_back("server.host", host);
  line.settings.emplace_back("server.port", listen.substr(colon + 1));
  return Status::Ok();
}

bool IsKnownFlag(const std::string& flag, CommandLine::Command command) {
  static const std::set<std::string> kCommon = {"--config", "--data-dir"};
  static const std::set<std::string> kServe = {"--listen", "--threads", "--log-level",
                                               "--log-format", "--set"};
  static const std::set<std::string> kTokenCreate = {"--name", "--scope", "--endpoint",
                                                     "--expires-in-hours"};
  if (kCommon.count(flag)) return true;
  if (command == CommandLine::Command::kServe) return kServe.count(flag) > 0;
  if (command == CommandLine::Command::kTokenCreate) return kTokenCreate.count(flag) > 0;
  return false;
}

// `inlet --check-config FILE`: nothing may follow the file.
Result<CommandLine> ParseCheckConfig(ArgReader& reader) {
  if (reader.Done()) return Usage("--check-config needs a file");
  CommandLine line;
  line.command = CommandLine::Command::kCheckConfig;
  line.config_path = reader.Next();
  if (!reader.Done()) return Usage("unexpected argument \"" + reader.Next() + "\"");
  return line;
}

// The command that takes flags: `first` and, for token, its subcommand.
Result<CommandLine::Command> ParseCommand(const std::string& first, ArgReader& reader) {
  if (first == "serve") return CommandLine::Command::kServe;
  if (first != "token") return Usage("unknown command \"" + first + "\"");
  if (reader.Done()) return Usage("token needs a subcommand: create, list or revoke");
  const std::string& sub = reader.Next();
  if (sub == "create") return CommandLine::Command::kTokenCreate;
  if (sub == "list") return CommandLine::Command::kTokenList;
  if (sub == "revoke") return CommandLine::Command::kTokenRevoke;
  return Usage("unknown token subcommand \"" + sub + "\"");
}

Status ApplyServeFlag(const std::string& flag, const std::string& value, CommandLine& line) {
  if (flag == "--listen") {
    INLET_RETURN_IF_ERROR(SplitListen(value, line));
  } else if (flag == "--threads") {
    line.settings.emplace_back("server.threads", value);
  } else if (flag == "--log-level") {
    line.settings.emplace_back("log.level", value);
  } else if (flag == "--log-format") {
    line.settings.emplace_back("log.format", value);
  } else if (flag == "--set") {
    size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Usage("--set expects section.key=value");
    }
    line.settings.emplace_back(value.substr(0, equals), value.substr(equals + 1));
  } else {
    return Usage("unknown flag " + flag);
  }
  return Status::Ok();
}

Status ApplyTokenCreateFlag(const std::string& flag, const std::string& value, CommandLine& line) {
  if (flag == "--name") {
    line.token_name = value;
  } else if (flag == "--scope") {
    line.token_scopes.push_back(value);
  } else if (flag == "--endpoint") {
    line.token_endpoints.push_back(value);
  } else if (flag == "--expires-in-hours") {
    int64_t hours = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), hours);
    if (ec != std::errc() || end != value.data() + value.size()) {
      return Usage("--expires-in-hours expects a whole number");
    }
    line.token_expires_in_hours = hours;
  } else {
    return Usage("unknown flag " + flag);
  }
  return Status::Ok();
}

Status ApplyFlag(const std::string& flag, const std::string& value, CommandLine& line) {
  if (flag == "--config") {
    line.config_path = value;
    return Status::Ok();
  }
  if (flag == "--data-dir") {
    line.settings.emplace_back("store.dataDir", value);
    return Status::Ok();
  }
  if (line.command == CommandLine::Command::kServe) return ApplyServeFlag(flag, value, line);
  if (line.command == CommandLine::Command::kTokenCreate) {
    return ApplyTokenCreateFlag(flag, value, line);
  }
  return Usage("unknown flag " + flag);
}

// The arguments after the command: flags, and the token id of token revoke.
Status ParseFlags(ArgReader& reader, CommandLine& line) {
  while (!reader.Done()) {
    std::string arg = reader.Next();
    if (!arg.starts_with("--")) {
      if (line.command == CommandLine::Command::kTokenRevoke && line.token_id.empty()) {
        line.token_id = arg;
        continue;
      }
      return Usage("unexpected argument \"" + arg + "\"");
    }
    size_t eq = arg.find('=');
    bool has_inline = eq != std::string::npos;
    std::string flag = arg.substr(0, eq);
    if (!IsKnownFlag(flag, line.command)) return Usage("unknown flag " + flag);
    std::string inline_value = has_inline ? arg.substr(eq + 1) : "";
    INLET_ASSIGN_OR_RETURN(auto value, reader.Value(flag, inline_value, has_inline));
    INLET_RETURN_IF_ERROR(ApplyFlag(flag, value, line));
  }
  return Status::Ok();
}

}  // namespace

Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine line;
  if (args.empty()) return line;
  ArgReader reader(args);
  const std::string& first = reader.Next();
  if (first == "--help" || first == "-h" || first == "help") return line;
  if (first == "--version" || first == "version") {
    line.command = CommandLine::Command::kVersion;
    return line;
  }
  if (first == "--check-config") return ParseCheckConfig(reader);
  INLET_ASSIGN_OR_RETURN(line.command, ParseCommand(first, reader));
  INLET_RETURN_IF_ERROR(ParseFlags(reader, line));
  if (line.command == CommandLine::Command::kTokenRevoke && line.token_id.empty()) {
    return Usage("token revoke needs the token id");
  }
  return line;
}

std::string HelpText() {
  std::string text = R"(inlet: an HTTP ingestion server for records that become golden records.

Usage:
  inlet serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--threads N]
              [--log-level LEVEL] [--log-format text|json] [--set section.key=VALUE]...
  inlet token create --name NAME --scope ingest|read|admin [--scope ...]
                     [--expires-in-hours H] [--endpoint ENDPOINT_ID]... [--data-dir DIR]
  inlet token list [--data-dir DIR]
  inlet token revoke TOKEN_ID [--data-dir DIR]
  inlet --check-config FILE
  inlet --version
  inlet --help
)";
  text += cli::ClientHelpText();
  text += R"(
Configuration is read from the defaults, then --config FILE (or $INLET_CONFIG), then
INLET_<SECTION>_<KEY> environment variables, then flags. Keys:
)";
  for (const auto& key : config::DocumentedKeys()) {
    text += "  " + key.name + " (" + key.type + ", default " +
            (key.default_value.empty() ? "\"\"" : key.default_value) + ")\n      " + key.doc + "\n";
  }
  return text;
}

}  // namespace inlet::app
