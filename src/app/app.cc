#include "inlet/app/app.h"

#include <iostream>
#include <string>
#include <vector>

#include "app/app_parts.h"
#include "inlet/cli/client.h"
#include "inlet/cli/client_command.h"
#include "inlet/config/config.h"

#ifndef INLET_VERSION
#define INLET_VERSION "0.0.0"
#endif

namespace inlet::app {

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && cli::IsClientCommand(args[0])) return cli::RunClient(args);
  auto line = ParseCommandLine(args);
  if (!line.ok()) {
    std::cerr << "inlet: " << line.status().message() << "\n";
    return 2;
  }
  switch (line->command) {
    case CommandLine::Command::kHelp:
      std::cout << HelpText();
      return 0;
    case CommandLine::Command::kVersion:
      std::cout << "inlet " << INLET_VERSION << "\n";
      return 0;
    case CommandLine::Command::kCheckConfig: {
      config::Config config;
      Status status = config::LoadFile(line->config_path, config);
      if (status.ok()) status = config::Validate(config);
      if (!status.ok()) {
        std::cerr << "inlet: " << status.message() << "\n";
        return 1;
      }
      std::cout << line->config_path << ": ok\n";
      return 0;
    }
    default:
      break;
  }
  auto config = ResolveConfig(*line);
  if (!config.ok()) {
    std::cerr << "inlet: " << config.status().message() << "\n";
    return 2;
  }
  if (line->command == CommandLine::Command::kServe) return Serve(*config, INLET_VERSION);
  return RunTokenCommand(*line, *config);
}

}  // namespace inlet::app
