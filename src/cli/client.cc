#include "inlet/cli/client.h"

#include <cctype>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command_parts.h"
#include "inlet/config/config.h"

namespace inlet::cli {
namespace {

std::map<std::string, std::string> ClientEnvironment() {
  std::map<std::string, std::string> environment;
  for (const char* name : {"INLET_URL", "INLET_TOKEN"}) {
    if (const char* value = std::getenv(name)) environment[name] = value;
  }
  return environment;
}

// The admin token a local server wrote at its first start, or "" without one.
std::string TokenFromFile(const std::string& data_dir) {
  std::ifstream file(config::AdminTokenPath(data_dir));
  std::string token;
  if (file) std::getline(file, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

int Dispatch(const ClientCommand& command, const ServerAccess& access) {
  if (command.kind == ClientCommand::Kind::kPost) return RunPost(command, access, std::cout);
  HttpClient client(access);
  switch (command.kind) {
    case ClientCommand::Kind::kProcess:
      return RunProcess(command, client, std::cout);
    case ClientCommand::Kind::kExport:
      return RunExport(command, client, std::cout);
    default:
      return RunEndpointCommand(command, client, std::cout);
  }
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

int ReportFailure(const Result<HttpAnswer>& answer) {
  if (!answer.ok()) {
    std::cerr << "inlet: " << answer.status().message() << "\n";
    return 1;
  }
  std::string line = "inlet: HTTP " + std::to_string(answer->status);
  nlohmann::json body = nlohmann::json::parse(answer->body, nullptr, false);
  const nlohmann::json* first = nullptr;
  if (body.is_object() && body.contains("errors") && body["errors"].is_array() &&
      !body["errors"].empty() && body["errors"][0].is_object()) {
    first = &body["errors"][0];
  }
  if (first) {
    line += " " + first->value("messageId", std::string()) + ": " +
            first->value("errorMessage", std::string());
  } else if (!answer->body.empty()) {
    line += ": " + answer->body.substr(0, 200);
  }
  if (answer->status == 401) {
    line += " (give a token with --token or INLET_TOKEN, or the server's --data-dir)";
  }
  std::cerr << line << "\n";
  return 1;
}

bool Succeeded(const Result<HttpAnswer>& answer) {
  if (answer.ok() && answer->status / 100 == 2) return true;
  ReportFailure(answer);
  return false;
}

int RunClient(const std::vector<std::string>& args) {
  auto command = ParseClientCommand(args, ClientEnvironment());
  if (!command.ok()) {
    std::cerr << "inlet: " << command.status().message() << "\n";
    return 1;
  }
  ServerAccess access{command->server, command->token, command->ca_file};
  if (access.token.empty()) access.token = TokenFromFile(command->data_dir);
  try {
    return Dispatch(*command, access);
  } catch (const std::exception& e) {
    std::cerr << "inlet: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace inlet::cli
