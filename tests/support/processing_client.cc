#include "support/processing_client.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "support/management.h"

namespace inlet::testing {
namespace {

nlohmann::json ExpectJson(const HttpResponse& response, int status, const std::string& what) {
  if (response.status != status) {
    throw std::runtime_error(what + " answered " + std::to_string(response.status) + ": " +
                             response.body);
  }
  return nlohmann::json::parse(response.body);
}

}  // namespace

void SetMapping(const ServerProcess& server, const std::string& endpoint_id,
                const nlohmann::json& mapping) {
  ExpectJson(server.Request("PUT", "/api/v1/endpoints/" + endpoint_id + "/mapping", mapping.dump()),
             200, "PUT mapping");
}

nlohmann::json CustomerMapping(const std::string& origin, const std::string& id_field,
                               const std::string& email_field) {
  return {{"entityType", "/Customer"},
          {"vocabularyPrefix", origin + ".customer"},
          {"origin", origin},
          {"primaryIdentifier", {{"fields", {id_field}}}},
          {"identifiers", {{{"field", email_field}, {"origin", "email"}}}},
          {"nameField", "name"},
          {"modifiedDateField", "modified"}};
}

nlohmann::json WaitForJob(const ServerProcess& server, const std::string& job_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    nlohmann::json job =
        ExpectJson(server.Request("GET", "/api/v1/jobs/" + job_id), 200, "GET job");
    if (job["state"] == "done" || job["state"] == "failed") return job;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("job " + job_id + " did not end: " + job.dump());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TwoSources CreateTwoSources(const ServerProcess& server) {
  TwoSources sources;
  sources.crm = CreateEndpoint(server, "customers", "CRM")["id"];
  sources.erp = CreateEndpoint(server, "customers", "ERP")["id"];
  SetMapping(server, sources.crm, CustomerMapping("crm"));
  auto erp_mapping = CustomerMapping("erp", "accountNo", "mail");
  erp_mapping["identifiers"].push_back({{"field", "mail2"}, {"origin", "email"}});
  SetMapping(server, sources.erp, erp_mapping);
  return sources;
}

nlohmann::json ProcessAndWait(const ServerProcess& server, const std::string& endpoint_id) {
  nlohmann::json job = ExpectJson(
      server.Request("POST", "/api/v1/endpoints/" + endpoint_id + "/process"), 202, "process");
  return WaitForJob(server, job["id"]);
}

nlohmann::json RemoveAndWait(const ServerProcess& server, const std::string& endpoint_id,
                             const std::string& body) {
  nlohmann::json job = ExpectJson(
      server.Request("POST", "/api/v1/endpoints/" + endpoint_id + "/remove-records", body), 202,
      "remove-records");
  return WaitForJob(server, job["id"]);
}

std::vector<nlohmann::json> Entities(const ServerProcess& server, const std::string& query) {
  std::vector<nlohmann::json> all;
  std::string after;
  for (;;) {
    std::string target = "/api/v1/entities?limit=1000&" + query;
    if (!after.empty()) target += "&after=" + after;
    nlohmann::json page = ExpectJson(server.Request("GET", target), 200, "GET " + target);
    for (auto& item : page["items"]) all.push_back(item);
    if (page["next"].is_null()) return all;
    after = page["next"].get<std::string>();
  }
}

nlohmann::json EntityByCode(const ServerProcess& server, const std::string& code) {
  auto found = Entities(server, "code=" + QueryValue(code));
  if (found.size() != 1) {
    throw std::runtime_error(std::to_string(found.size()) + " golden records hold " + code);
  }
  return found.front();
}

std::string QueryValue(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '/' || c == ':' || c == '.' || c == '-' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace inlet::testing
