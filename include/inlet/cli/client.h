// The command line client in the `inlet` binary (SPEC §9, docs/cli.md): endpoint, post,
// process and export, talking to a running server over HTTP(S).
#pragma once

#include <string>
#include <vector>

namespace inlet::cli {

// `args` start with the command word (IsClientCommand). Prints answers on standard
// output, errors and progress on standard error; returns the exit code: 0, 1 on any
// failure (a usage error included), and for post 2 when some records were rejected.
int RunClient(const std::vector<std::string>& args);

}  // namespace inlet::cli
