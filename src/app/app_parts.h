// The pieces Main() composes (private to app/).
#pragma once

#include <memory>
#include <string>

#include "inlet/app/command_line.h"
#include "inlet/common/status.h"
#include "inlet/config/config.h"
#include "inlet/store/store.h"

namespace inlet::app {

// Defaults, then the file (--config or $INLET_CONFIG), the environment and the flags;
// then validation.
Result<config::Config> ResolveConfig(const CommandLine& line);

Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config);

// On a store without tokens: mints an admin token, stores its hash, writes the secret to
// <data dir>/admin.token (mode 0600) and returns it. Returns "" when tokens exist.
Result<std::string> EnsureAdminToken(store::Store& store, const std::string& data_dir);

int Serve(const config::Config& config, const std::string& version);
int RunTokenCommand(const CommandLine& line, const config::Config& config);

}  // namespace inlet::app
