#include "inlet/cli/client_command.h"

#include <charconv>
#include <set>

namespace inlet::cli {
namespace {

using Kind = ClientCommand::Kind;

Status Usage(const std::string& message) {
  return Status::InvalidArgument("invalid-command-line", message + " (see inlet --help)");
}

bool IsSwitch(const std::string& flag) {
  return flag == "--json" || flag == "--dry-run" || flag == "--wait";
}

// The flags each command takes, beyond --server, --token, --data-dir, --cacert, --json.
const std::set<std::string>& FlagsOf(Kind kind) {
  static const std::set<std::string> kNone;
  static const std::set<std::string> kCreate = {"--name", "--source", "--group", "--entity-type",
                                                "--mode"};
  static const std::set<std::string> kPost = {"--endpoint", "--batch",   "--batch-bytes",
                                              "--parallel", "--retries", "--retry-for",
                                              "--dry-run"};
  static const std::set<std::string> kProcess = {"--endpoint", "--wait"};
  static const std::set<std::string> kExport = {"--type", "--format", "--output"};
  switch (kind) {
    case Kind::kEndpointCreate:
      return kCreate;
    case Kind::kPost:
      return kPost;
    case Kind::kProcess:
      return kProcess;
    case Kind::kExport:
      return kExport;
    default:
      return kNone;
  }
}

Result<uint64_t> Number(const std::string& flag, const std::string& text, uint64_t least,
                        uint64_t most) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < least ||
      value > most) {
    return Usage(flag + " expects a whole number from " + std::to_string(least) + " to " +
                 std::to_string(most) + ", not \"" + text + "\"");
  }
  return value;
}

Result<Kind> ParseKind(const std::vector<std::string>& args, size_t& next) {
  const std::string& word = args[0];
  next = 1;
  if (word == "post") return Kind::kPost;
  if (word == "process") return Kind::kProcess;
  if (word == "export") return Kind::kExport;
  if (word != "endpoint") return Usage("unknown command \"" + word + "\"");
  if (args.size() < 2) return Usage("endpoint needs a subcommand: create, list or show");
  next = 2;
  if (args[1] == "create") return Kind::kEndpointCreate;
  if (args[1] == "list") return Kind::kEndpointList;
  if (args[1] == "show") return Kind::kEndpointShow;
  return Usage("unknown endpoint subcommand \"" + args[1] + "\"");
}

Status ApplyFlag(const std::string& flag, const std::string& value, ClientCommand& command) {
  if (flag == "--server") {
    command.server = value;
  } else if (flag == "--token") {
    command.token = value;
  } else if (flag == "--data-dir") {
    command.data_dir = value;
  } else if (flag == "--cacert") {
    command.ca_file = value;
  } else if (flag == "--json") {
    command.json = true;
  } else if (flag == "--name") {
    command.name = value;
  } else if (flag == "--source") {
    command.source = value;
  } else if (flag == "--group") {
    command.group = value;
  } else if (flag == "--entity-type") {
    command.entity_type = value;
  } else if (flag == "--mode") {
    if (value != "manual" && value != "automatic" && value != "bridge") {
      return Usage("--mode expects manual, automatic or bridge");
    }
    command.mode = value;
  } else if (flag == "--endpoint") {
    command.endpoint_id = value;
  } else if (flag == "--batch") {
    INLET_ASSIGN_OR_RETURN(command.post.batch_records, Number(flag, value, 1, 100000));
  } else if (flag == "--batch-bytes") {
    INLET_ASSIGN_OR_RETURN(command.post.batch_bytes, Number(flag, value, 1024, 1ull << 30));
  } else if (flag == "--parallel") {
    INLET_ASSIGN_OR_RETURN(auto parallel, Number(flag, value, 1, 64));
    command.post.parallel = static_cast<int>(parallel);
  } else if (flag == "--retries") {
    INLET_ASSIGN_OR_RETURN(auto retries, Number(flag, value, 0, 1000));
    command.post.retries = static_cast<int>(retries);
  } else if (flag == "--retry-for") {
    INLET_ASSIGN_OR_RETURN(auto seconds, Number(flag, value, 1, 7 * 24 * 3600));
    command.post.retry_for = std::chrono::seconds(seconds);
  } else if (flag == "--dry-run") {
    command.post.dry_run = true;
  } else if (flag == "--wait") {
    command.wait = true;
  } else if (flag == "--type") {
    command.entity_type_filter = value;
  } else if (flag == "--format") {
    if (value != "ndjson" && value != "csv") return Usage("--format expects ndjson or csv");
    command.format = value;
  } else if (flag == "--output") {
    command.output = value;
  }
  return Status::Ok();
}

Status CheckComplete(ClientCommand& command) {
  switch (command.kind) {
    case Kind::kEndpointCreate:
      for (auto [flag, value] : {std::pair{"--name", &command.name},
                                 {"--source", &command.source},
                                 {"--group", &command.group}}) {
        if (value->empty()) return Usage("endpoint create needs " + std::string(flag));
      }
      return Status::Ok();
    case Kind::kEndpointShow:
      if (command.endpoint_id.empty()) return Usage("endpoint show needs the endpoint id");
      return Status::Ok();
    case Kind::kPost:
      if (command.endpoint_id.empty()) return Usage("post needs --endpoint ID");
      if (command.post.files.empty()) return Usage("post needs a file (- for standard input)");
      command.post.endpoint_id = command.endpoint_id;
      return Status::Ok();
    case Kind::kProcess:
      if (command.endpoint_id.empty()) return Usage("process needs --endpoint ID");
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

}  // namespace

bool IsClientCommand(std::string_view word) {
  return word == "endpoint" || word == "post" || word == "process" || word == "export";
}

Result<ClientCommand> ParseClientCommand(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment) {
  if (args.empty()) return Usage("a command is needed");
  ClientCommand command;
  size_t next = 0;
  INLET_ASSIGN_OR_RETURN(command.kind, ParseKind(args, next));
  static const std::set<std::string> kCommon = {"--server", "--token", "--data-dir", "--cacert",
                                                "--json"};
  for (; next < args.size(); ++next) {
    const std::string& arg = args[next];
    if (!arg.starts_with("--")) {
      if (command.kind == Kind::kPost) {
        command.post.files.push_back(arg);
      } else if (command.kind == Kind::kEndpointShow && command.endpoint_id.empty()) {
        command.endpoint_id = arg;
      } else {
        return Usage("unexpected argument \"" + arg + "\"");
      }
      continue;
    }
    size_t equals = arg.find('=');
    std::string flag = arg.substr(0, equals);
    if (!kCommon.count(flag) && !FlagsOf(command.kind).count(flag)) {
      return Usage("unknown flag " + flag + " for " + args[0]);
    }
    std::string value;
    if (equals != std::string::npos) {
      if (IsSwitch(flag)) return Usage(flag + " takes no value");
      value = arg.substr(equals + 1);
    } else if (!IsSwitch(flag)) {
      if (next + 1 >= args.size()) return Usage(flag + " needs a value");
      value = args[++next];
    }
    INLET_RETURN_IF_ERROR(ApplyFlag(flag, value, command));
  }
  INLET_RETURN_IF_ERROR(CheckComplete(command));

  auto from_environment = [&](const char* name) {
    auto it = environment.find(name);
    return it == environment.end() ? std::string() : it->second;
  };
  if (command.server.empty()) command.server = from_environment("INLET_URL");
  if (command.server.empty()) command.server = kDefaultServer;
  while (command.server.ends_with('/')) command.server.pop_back();
  if (!command.server.starts_with("http://") && !command.server.starts_with("https://")) {
    return Usage("--server expects a URL starting with http:// or https://, not \"" +
                 command.server + "\"");
  }
  if (command.token.empty()) command.token = from_environment("INLET_TOKEN");
  if (command.data_dir.empty()) command.data_dir = "./data";
  return command;
}

std::string ClientHelpText() {
  return R"(
Client commands (they talk to a running server):
  inlet endpoint create --name NAME --source SOURCE --group GROUP
                        [--entity-type /Type] [--mode manual|automatic|bridge]
                        prints the endpoint's id, then its POST URL
  inlet endpoint list
  inlet endpoint show ENDPOINT_ID        the endpoint with its sending instructions
  inlet post --endpoint ENDPOINT_ID [--batch N] [--batch-bytes B] [--parallel P]
             [--retries R] [--retry-for SECONDS] [--dry-run] FILE...
                        sends JSON arrays or NDJSON, gzipped or not (FILE - reads
                        standard input) in batches of N records (10000), P at a time
                        (2); a batch is retried after up to R failures (10) and while
                        the server asks to wait, for up to SECONDS (900); exit code 0
                        when every record was stored, 2 when some were rejected, 1
                        when the run stopped early
  inlet process --endpoint ENDPOINT_ID [--wait]
  inlet export [--type /Type] [--format ndjson|csv] [--output FILE]
Each takes --server URL ($INLET_URL, default http://127.0.0.1:8888), --token TOKEN
($INLET_TOKEN, default the admin.token file of --data-dir DIR, default ./data),
--cacert FILE for HTTPS with a private CA, and --json for the server's answer as is.
)";
}

}  // namespace inlet::cli
