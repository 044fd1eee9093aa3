// The pieces Main() composes (private to app/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "inlet/app/command_line.h"
#include "inlet/common/status.h"
#include "inlet/config/config.h"
#include "inlet/store/search_index.h"
#include "inlet/store/store.h"

namespace inlet::app {

// Defaults, then the file (--config or $INLET_CONFIG), the environment and the flags;
// then validation.
Result<config::Config> ResolveConfig(const CommandLine& line);

// What the configuration's store.backend names: the store and, for a server
// (`with_search`), the preview search over it. The one place that chooses a backend.
struct Backend {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::SearchIndex> search;  // null unless asked for
};
Result<Backend> OpenBackend(const config::Config& config, bool with_search);
// Where the backend keeps its data, for messages: the data directory or the database.
std::string BackendLocation(const config::Config& config);

// On a store without tokens: mints an admin token, writes the secret to config::AdminTokenPath
// (a new file, mode 0600), stores its hash and returns the secret. Returns "" when tokens
// exist. Anything already at the path (a file, a link) is never written through:
// kConflict "admin-token-file-exists" naming it, and no token is stored.
Result<std::string> EnsureAdminToken(store::Store& store, const std::string& data_dir);

// The lines to print on stdout about the first admin token. The secret itself only when
// stdout is a terminal, where a person reads it once; a log collector or a file would
// keep it, so then only the file is named. `secret` "" (tokens existed): the file only.
std::vector<std::string> AdminTokenAnnouncement(const std::string& secret, const std::string& path,
                                                bool to_terminal);

int Serve(const config::Config& config, const std::string& version);
int RunTokenCommand(const CommandLine& line, const config::Config& config);

}  // namespace inlet::app
