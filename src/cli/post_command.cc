// `inlet post`: the run of post.h, with its summary and exit code.
#include <unistd.h>

#include <iostream>

#include "cli/command_parts.h"

namespace inlet::cli {

int RunPost(const ClientCommand& command, const ServerAccess& access, std::ostream& out) {
  PostOptions options = command.post;
  options.progress_bar = ::isatty(STDERR_FILENO) == 1;
  PostReport report = Post(options, access, std::cerr);
  if (report.errors_not_printed > 0) {
    std::cerr << report.errors_not_printed
              << " more errors not printed (GET /api/v1/endpoints/{id}/logs lists them)\n";
  }
  std::string warnings = WarningsLine(report);
  if (!warnings.empty()) std::cerr << warnings << "\n";
  out << SummaryLine(report, options.dry_run) << std::endl;
  return PostExitCode(report);
}

}  // namespace inlet::cli
