// The command line client's commands (SPEC §9), parsed without side effects:
//
//   inlet endpoint create --name N --source S --group G [--entity-type T] [--mode M]
//   inlet endpoint list
//   inlet endpoint show ID
//   inlet post --endpoint ID [--batch N] [--batch-bytes B] [--parallel P] [--retries R]
//              [--retry-for SECONDS] [--dry-run] FILE...   (FILE "-" is standard input)
//   inlet process --endpoint ID [--wait]
//   inlet export [--type T] [--format ndjson|csv] [--output FILE]
//
// Each also takes --server URL (else $INLET_URL, else http://127.0.0.1:8888), --token T
// (else $INLET_TOKEN, else the admin.token file of --data-dir, default ./data),
// --cacert FILE and --json (the server's answer as it came).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/cli/post.h"
#include "inlet/common/status.h"

namespace inlet::cli {

inline constexpr std::string_view kDefaultServer = "http://127.0.0.1:8888";

struct ClientCommand {
  enum class Kind { kEndpointCreate, kEndpointList, kEndpointShow, kPost, kProcess, kExport };
  Kind kind = Kind::kEndpointList;

  std::string server;    // resolved: flag, environment or default; no trailing "/"
  std::string token;     // flag or environment; "" means the token file
  std::string data_dir;  // where the token file is looked for
  std::string ca_file;
  bool json = false;

  // endpoint create
  std::string name;
  std::string source;
  std::string group;
  std::string entity_type = "/Record";
  std::string mode;  // "" leaves the server's default

  std::string endpoint_id;  // endpoint show, post, process
  PostOptions post;         // post (endpoint_id copied in)
  bool wait = false;        // process

  // export
  std::string entity_type_filter;
  std::string format = "ndjson";
  std::string output;  // "" is standard output
};

// True for the first word of a client command: endpoint, post, process, export.
bool IsClientCommand(std::string_view word);

// `args` start with the command word. `environment` holds INLET_URL and INLET_TOKEN when
// set. Errors: kInvalidArgument "invalid-command-line" naming the flag or argument.
Result<ClientCommand> ParseClientCommand(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment);

// The client's part of `inlet --help`.
std::string ClientHelpText();

}  // namespace inlet::cli
