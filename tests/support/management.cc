#include "support/management.h"

#include <stdexcept>

namespace inlet::testing {
namespace {

std::string Describe(const HttpResponse& response) {
  return "status " + std::to_string(response.status) + ", body: " + response.body;
}

}  // namespace

CreatedToken CreateToken(const ServerProcess& server, const std::vector<std::string>& scopes,
                         const std::vector<std::string>& endpoints, const std::string& name) {
  nlohmann::json request = {{"name", name}, {"scopes", scopes}};
  if (!endpoints.empty()) request["endpoints"] = endpoints;
  HttpResponse response = server.Request("POST", "/api/v1/tokens", request.dump());
  if (response.status != 201) {
    throw std::runtime_error("creating a token failed: " + Describe(response));
  }
  nlohmann::json json = response.Json();
  return {json.at("id").get<std::string>(), json.at("token").get<std::string>()};
}

nlohmann::json CreateEndpoint(const ServerProcess& server, const std::string& name,
                              const std::string& source, const std::string& group,
                              const std::string& mode) {
  nlohmann::json request = {{"name", name},
                            {"source", source},
                            {"group", group},
                            {"mapping", {{"entityType", "/Customer"}}},
                            {"mode", mode}};
  HttpResponse response = server.Request("POST", "/api/v1/endpoints", request.dump());
  if (response.status != 201) {
    throw std::runtime_error("creating an endpoint failed: " + Describe(response));
  }
  return response.Json();
}

std::string UploadPath(const std::string& endpoint_id) {
  return "/upload/api/endpoint/" + endpoint_id;
}

::testing::AssertionResult IsError(const HttpResponse& response, int status,
                                   const std::string& message_id) {
  auto failure = [&](const std::string& what) {
    return ::testing::AssertionFailure() << what << " (expected " << status << " " << message_id
                                         << "; got " << Describe(response) << ")";
  };
  if (response.status != status) return failure("wrong status");
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) return failure("the body is not a JSON object");
  if (body.value("success", true) != false) return failure("\"success\" is not false");
  if (body.value("error", false) != true) return failure("\"error\" is not true");
  if (!body.contains("errors") || !body["errors"].is_array() || body["errors"].empty()) {
    return failure("\"errors\" is not a non-empty array");
  }
  const nlohmann::json& issue = body["errors"][0];
  if (!issue.is_object()) return failure("the issue is not an object");
  if (issue.value("messageId", "") != message_id) return failure("wrong messageId");
  std::string message = issue.value("errorMessage", "");
  if (message.empty()) return failure("\"errorMessage\" is missing or empty");
  if (issue.value("exception", "") != message) {
    return failure("\"exception\" differs from \"errorMessage\"");
  }
  if (issue.value("level", "") != "error") return failure("\"level\" is not \"error\"");
  if (issue.value("domain", "") != "request") return failure("\"domain\" is not \"request\"");
  if (!issue.contains("rowIndex") || issue["rowIndex"] != -1) {
    return failure("\"rowIndex\" is not -1");
  }
  // Clients (CluedIn's included) read these members; they are null outside ingestion.
  for (const char* member : {"dataSetId", "receiptId"}) {
    if (!issue.contains(member)) return failure(std::string("\"") + member + "\" is missing");
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult PassedAdmission(const HttpResponse& response) {
  if (response.status == 200) return ::testing::AssertionSuccess();
  if (response.status == 501) {
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("errors") && body["errors"].is_array() &&
        !body["errors"].empty() && body["errors"][0].value("messageId", "") == "not-implemented") {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "the ingestion route refused the request: " << Describe(response);
}

}  // namespace inlet::testing
