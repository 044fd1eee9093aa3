// `inlet endpoint create|list|show`.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_parts.h"

namespace inlet::cli {
namespace {

using nlohmann::json;

std::string Text(const json& object, const char* member) {
  auto it = object.find(member);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

int Create(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  json request = {{"name", command.name},
                  {"source", command.source},
                  {"group", command.group},
                  {"mapping", {{"entityType", command.entity_type}}}};
  if (!command.mode.empty()) request["mode"] = command.mode;
  const std::string body = request.dump();
  auto answer =
      client.Send({"POST", "/api/v1/endpoints", {"Content-Type: application/json"}, body});
  if (!Succeeded(answer)) return 1;
  if (command.json) {
    out << answer->body << "\n";
    return 0;
  }
  json created = json::parse(answer->body, nullptr, false);
  if (!created.is_object()) return ReportFailure(answer);
  out << Text(created, "id") << "\n" << Text(created, "postUrl") << "\n";
  return 0;
}

int List(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  json all = json::array();
  std::string after;
  do {
    auto answer =
        client.Send({"GET",
                     "/api/v1/endpoints" + (after.empty() ? "" : "?after=" + PercentEncode(after)),
                     {},
                     {}});
    if (!Succeeded(answer)) return 1;
    json page = json::parse(answer->body, nullptr, false);
    if (!page.is_object() || !page.contains("items")) return ReportFailure(answer);
    for (auto& item : page["items"]) all.push_back(std::move(item));
    after = Text(page, "next");
  } while (!after.empty());
  if (command.json) {
    out << json{{"items", all}}.dump() << "\n";
    return 0;
  }
  out << "ID\tNAME\tSOURCE\tGROUP\tMODE\tSTATUS\tRECORDS\n";
  for (const json& item : all) {
    out << Text(item, "id") << "\t" << Text(item, "name") << "\t" << Text(item, "source") << "\t"
        << Text(item, "group") << "\t" << Text(item, "mode") << "\t" << Text(item, "status") << "\t"
        << Text(item, "recordCount") << "\n";
  }
  return 0;
}

int Show(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  auto answer =
      client.Send({"GET", "/api/v1/endpoints/" + PercentEncode(command.endpoint_id), {}, {}});
  if (!Succeeded(answer)) return 1;
  if (command.json) {
    out << answer->body << "\n";
    return 0;
  }
  json endpoint = json::parse(answer->body, nullptr, false);
  if (!endpoint.is_object()) return ReportFailure(answer);
  out << endpoint.dump(2) << "\n";
  return 0;
}

}  // namespace

int RunEndpointCommand(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  switch (command.kind) {
    case ClientCommand::Kind::kEndpointCreate:
      return Create(command, client, out);
    case ClientCommand::Kind::kEndpointShow:
      return Show(command, client, out);
    default:
      return List(command, client, out);
  }
}

}  // namespace inlet::cli
