// Real answers against the API description (SPEC §9): a session on the real binary that
// calls most routes, successes and refusals, then checks every JSON answer against the
// schema docs/openapi.yaml gives for its route and status, with Debian's jsonschema
// (tests/tools/validate_answers.py).
#include <gtest/gtest.h>

#include <cstdlib>

#include "inlet/common/uuid.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using nlohmann::json;

class Answers {
 public:
  explicit Answers(const ServerProcess& server) : server_(server) {}

  // Sends the request as `token` (the admin's unless given) and keeps its answer under
  // the document's `pattern`.
  HttpResponse Call(const std::string& method, const std::string& pattern,
                    const std::string& target, const std::string& body = "",
                    std::optional<std::string> token = std::nullopt) {
    HeaderList headers;
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    HttpResponse response =
        server_.RequestAs(token.value_or(server_.admin_token()), method, target, body, headers);
    const json parsed = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded() && response.status != 204) {
      lines_ +=
          json{{"method", method}, {"path", pattern}, {"status", response.status}, {"body", parsed}}
              .dump() +
          "\n";
      ++count_;
    }
    return response;
  }
  const std::string& lines() const { return lines_; }
  int count() const { return count_; }

 private:
  const ServerProcess& server_;
  std::string lines_;
  int count_ = 0;
};

TEST(OpenApi, RealAnswersValidateAgainstTheDocumentsSchemas) {
  ServerProcess server;
  Answers a(server);
  const std::string crm =
      a.Call(
           "POST", "/api/v1/endpoints", "/api/v1/endpoints",
           R"({"name":"customers","source":"CRM","group":"Sales","mapping":{"entityType":"/Customer"}})")
          .Json()["id"];
  const std::string erp =
      a.Call(
           "POST", "/api/v1/endpoints", "/api/v1/endpoints",
           R"({"name":"accounts","source":"ERP","group":"Sales","mapping":{"entityType":"/Customer"}})")
          .Json()["id"];
  const std::string ep = "/api/v1/endpoints/" + crm;
  a.Call("PUT", "/api/v1/endpoints/{id}/mapping", ep + "/mapping", CustomerMapping("crm").dump());
  a.Call("PUT", "/api/v1/endpoints/{id}/mapping", "/api/v1/endpoints/" + erp + "/mapping",
         CustomerMapping("erp", "accountNo", "mail").dump());
  const std::string crm_receipt =
      a.Call("POST", "/upload/api/endpoint/{id}", UploadPath(crm),
             R"([{"customerId":1,"name":"Ann","email":"a@x.com","e.mail":"x"},{"name":"no id"}])")
          .Json()["receiptId"];
  a.Call("POST", "/upload/api/endpoint/{id}", UploadPath(erp),
         R"([{"accountNo":"A-1","name":"Ann S","mail":"a@x.com","credit":"5"}])");
  a.Call("POST", "/upload/api/endpoint/{id}", UploadPath(crm), "[1,2");
  a.Call("POST", "/upload/api/endpoint/{id}", UploadPath(crm), "[]", "");
  const json job = a.Call("POST", "/api/v1/endpoints/{id}/process", ep + "/process").Json();
  WaitForJob(server, job["id"]);
  WaitForJob(server, a.Call("POST", "/api/v1/endpoints/{id}/process",
                            "/api/v1/endpoints/" + erp + "/process")
                         .Json()["id"]);

  a.Call("GET", "/api/v1/endpoints", "/api/v1/endpoints");
  a.Call("GET", "/api/v1/endpoints/{id}", ep);
  a.Call("PATCH", "/api/v1/endpoints/{id}", ep, R"({"name":"crm customers"})");
  a.Call("GET", "/api/v1/endpoints/{id}", "/api/v1/endpoints/" + NewUuidV4());
  a.Call("GET", "/api/v1/groups", "/api/v1/groups");
  a.Call("GET", "/api/v1/sources", "/api/v1/sources");
  a.Call("GET", "/api/v1/endpoints/{id}/records", ep + "/records");
  a.Call("GET", "/api/v1/endpoints/{id}/fields", ep + "/fields");
  a.Call("GET", "/api/v1/endpoints/{id}/receipts", ep + "/receipts");
  a.Call("GET", "/api/v1/endpoints/{id}/logs", ep + "/logs");
  a.Call("GET", "/api/v1/receipts/{receiptId}", "/api/v1/receipts/" + crm_receipt);
  a.Call("GET", "/api/v1/receipts/{id}/outcomes", "/api/v1/receipts/" + crm_receipt + "/outcomes");
  a.Call("GET", "/api/v1/endpoints/{id}/mapping", ep + "/mapping");
  a.Call("GET", "/api/v1/endpoints/{id}/clues/sample", ep + "/clues/sample");
  a.Call("POST", "/api/v1/endpoints/{id}/mapping/auto", ep + "/mapping/auto");
  a.Call("GET", "/api/v1/endpoints/{id}/jobs", ep + "/jobs");
  a.Call("GET", "/api/v1/jobs/{id}", "/api/v1/jobs/" + job["id"].get<std::string>());
  a.Call("POST", "/api/v1/endpoints/{id}/process", ep + "/process");  // may be 202 or 409
  WaitForJob(server, GetJson(server, ep + "/jobs")["items"][0]["id"]);

  const json ann = a.Call("GET", "/api/v1/entities", "/api/v1/entities?type=/Customer").Json();
  const std::string ann_id = ann["items"][0]["id"];
  a.Call("GET", "/api/v1/entities", "/api/v1/entities?endpoint=" + crm);
  a.Call("GET", "/api/v1/entities/{id}", "/api/v1/entities/" + ann_id);
  a.Call("GET", "/api/v1/entities/{id}", "/api/v1/entities/" + NewUuidV4());
  a.Call("GET", "/api/v1/entities/{id}/parts", "/api/v1/entities/" + ann_id + "/parts");
  a.Call("GET", "/api/v1/entities/{id}/codes", "/api/v1/entities/" + ann_id + "/codes");
  a.Call("GET", "/api/v1/entities/{id}/history", "/api/v1/entities/" + ann_id + "/history");
  a.Call("GET", "/api/v1/changes", "/api/v1/changes?limit=10");
  a.Call("GET", "/api/v1/changes", "/api/v1/changes?after=zz");
  const json entity = GetJson(server, "/api/v1/entities/" + ann_id);
  std::string erp_record;
  for (const auto& part : entity["parts"]) {
    if (part["endpointId"] == erp) erp_record = part["recordId"];
  }
  const auto unmerge =
      a.Call("POST", "/api/v1/entities/{id}/unmerge", "/api/v1/entities/" + ann_id + "/unmerge",
             json{{"part", {{"endpointId", erp}, {"recordId", erp_record}}}}.dump());
  EXPECT_EQ(unmerge.status, 200) << unmerge.body;
  a.Call("POST", "/api/v1/entities/{id}/unmerge", "/api/v1/entities/" + ann_id + "/unmerge",
         R"({"part":{}})");
  a.Call("GET", "/api/v1/rules/keep-apart", "/api/v1/rules/keep-apart");
  a.Call("GET", "/api/v1/entities/{id}/history", "/api/v1/entities/" + ann_id + "/history");

  const json token =
      a.Call("POST", "/api/v1/tokens", "/api/v1/tokens", R"({"name":"reader","scopes":["read"]})")
          .Json();
  a.Call("GET", "/api/v1/tokens", "/api/v1/tokens");
  a.Call("GET", "/api/v1/tokens/current", "/api/v1/tokens/current", "",
         token["token"].get<std::string>());
  a.Call("POST", "/api/v1/tokens", "/api/v1/tokens", R"({"name":""})");
  a.Call("GET", "/api/v1/endpoints", "/api/v1/endpoints", "", "");
  a.Call("DELETE", "/api/v1/endpoints/{id}", ep, "", token["token"].get<std::string>());
  a.Call("POST", "/api/v1/endpoints/{id}/remove-records", ep + "/remove-records");
  a.Call("GET", "/healthz", "/healthz");
  a.Call("GET", "/readyz", "/readyz");

  TempDir dir;
  WriteFile(dir.File("answers.jsonl"), a.lines());
  const std::string command = "python3 '" + std::string(INLET_SOURCE_DIR) +
                              "/tests/tools/validate_answers.py' '" +
                              std::string(INLET_SOURCE_DIR) + "/docs/openapi.yaml' '" +
                              dir.File("answers.jsonl") + "' > '" + dir.File("out.txt") + "' 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << ReadFile(dir.File("out.txt"));
  EXPECT_GT(a.count(), 45);
}

}  // namespace
}  // namespace inlet::testing
