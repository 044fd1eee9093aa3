// The mapping routes (SPEC §3.1, §4) against the real binary: the default mapping, PUT
// (defaults made explicit, errors that name the part), reset while there are no data
// parts, proposals from the fields seen, sample clues of the first records, and scopes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "support/database.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;

// The mapping a new endpoint of CreateEndpoint() gets, as MappingToJson writes it.
const char kInitialMapping[] =
    R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"CRM",)"
    R"("primaryIdentifier":null,"identifiers":[],"nameField":null,"descriptionField":null,)"
    R"("createdDateField":null,"modifiedDateField":null,"properties":[],"edges":[]})";

// Customers as a CRM sends them; the second has an empty email.
const char kCustomers[] =
    R"([{"customerId":1,"email":"ada@example.com","name":"Ada","modified":"2024-05-01T10:00:00Z","balance":1.50},)"
    R"({"customerId":2,"email":"","name":"Bob","modified":"2024-05-02T10:00:00Z","balance":2},)"
    R"({"customerId":3,"email":"cy@example.org","name":"Cy","modified":"2024-05-03","balance":3}])";

std::string MappingPath(const std::string& id) { return "/api/v1/endpoints/" + id + "/mapping"; }
std::string SamplePath(const std::string& id) {
  return "/api/v1/endpoints/" + id + "/clues/sample";
}

std::string NewEndpoint(const ServerProcess& server, const std::string& name = "customers") {
  return CreateEndpoint(server, name)["id"].get<std::string>();
}

std::string ErrorMessage(const HttpResponse& response) {
  return response.Json()["errors"][0]["errorMessage"].get<std::string>();
}

// A mapping keyed by customerId, with only what a user would write by hand.
const char kCustomerIdMapping[] =
    R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"crm",)"
    R"("primaryIdentifier":{"fields":["customerId"]},"identifiers":[{"field":"email"}],)"
    R"("nameField":"name"})";

TEST(MappingRoutes, NewEndpointHasTheInitialMapping) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  HttpResponse response = server.Request("GET", MappingPath(id));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, kInitialMapping);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["mapping"],
            nlohmann::json::parse(kInitialMapping));
  EXPECT_TRUE(IsError(server.Request("GET", MappingPath("00000000-0000-4000-8000-000000000000")),
                      404, "endpoint-not-found"));
  EXPECT_TRUE(IsError(server.Request("GET", MappingPath("nope")), 404, "endpoint-not-found"));
}

TEST(MappingRoutes, PutAnswersTheMappingAsStoredWithDefaultsExplicit) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  HttpResponse put = server.Request("PUT", MappingPath(id), kCustomerIdMapping);
  ASSERT_EQ(put.status, 200) << put.body;
  const std::string expected =
      R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"crm",)"
      R"("primaryIdentifier":{"fields":["customerId"]},)"
      R"("identifiers":[{"field":"email","origin":"crm"}],"nameField":"name",)"
      R"("descriptionField":null,"createdDateField":null,"modifiedDateField":null,)"
      R"("properties":[],"edges":[]})";
  EXPECT_EQ(put.body, expected);
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, expected);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["mapping"], nlohmann::json::parse(expected));
}

TEST(MappingRoutes, AnInvalidMappingIs400NamingThePartAndChangesNothing) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  auto bad = nlohmann::json::parse(kCustomerIdMapping);
  bad["identifiers"][0]["field"] = "";
  HttpResponse response = server.Request("PUT", MappingPath(id), bad.dump());
  ASSERT_TRUE(IsError(response, 400, "invalid-mapping"));
  EXPECT_THAT(ErrorMessage(response), HasSubstr("mapping.identifiers[0].field"));
  EXPECT_EQ(response.Json()["errors"][0]["dataSetId"], id);

  bad = nlohmann::json::parse(kCustomerIdMapping);
  bad["primaryIdentifer"] = {{"auto", true}};  // misspelt: never silently dropped
  response = server.Request("PUT", MappingPath(id), bad.dump());
  ASSERT_TRUE(IsError(response, 400, "invalid-mapping"));
  EXPECT_THAT(ErrorMessage(response), HasSubstr("\"primaryIdentifer\""));

  EXPECT_TRUE(
      IsError(server.Request("PUT", MappingPath(id), "{\"entityType\":"), 400, "invalid-mapping"));
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, kInitialMapping);
}

TEST(MappingRoutes, DeleteResetsToTheInitialMappingOnlyWithoutDataParts) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  auto full = nlohmann::json::parse(kCustomerIdMapping);
  full["origin"] = "CRM";
  full["modifiedDateField"] = "modified";
  full["properties"] = {{{"field", "note"}, {"ignore", true}}};
  ASSERT_EQ(server.Request("PUT", MappingPath(id), full.dump()).status, 200);

  HttpResponse reset = server.Request("DELETE", MappingPath(id));
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.body, kInitialMapping);
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, kInitialMapping);

  // Once records have become parts of golden records, the mapping they were made under
  // stays until they are removed.
  HttpResponse stored = server.Request("PUT", MappingPath(id), full.dump());
  ASSERT_EQ(stored.status, 200) << stored.body;
  ExecSql(DatabasePath(server.data_dir()),
          "UPDATE endpoints SET data_part_count = 2 WHERE id = '" + id + "'");
  HttpResponse refused = server.Request("DELETE", MappingPath(id));
  ASSERT_TRUE(IsError(refused, 409, "mapping-has-data-parts"));
  EXPECT_THAT(ErrorMessage(refused), HasSubstr("remove-records"));
  EXPECT_THAT(ErrorMessage(refused), HasSubstr("2 data parts"));
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, stored.body) << "unchanged";
}

TEST(MappingRoutes, AutoProposesFromTheFieldsSeenAndSavesOnlyWhenAsked) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  HttpResponse nothing_seen = server.Request("POST", MappingPath(id) + "/auto");
  ASSERT_TRUE(IsError(nothing_seen, 409, "no-fields-seen"));
  EXPECT_THAT(ErrorMessage(nothing_seen), HasSubstr("/upload/api/endpoint/" + id));

  ASSERT_TRUE(IsEnvelope(Upload(server, id, kCustomers), 200));
  HttpResponse proposed = server.Request("POST", MappingPath(id) + "/auto");
  ASSERT_EQ(proposed.status, 200) << proposed.body;
  nlohmann::json answer = proposed.Json();
  const nlohmann::json& mapping = answer["mapping"];
  EXPECT_EQ(mapping["entityType"], "/Customer");
  EXPECT_EQ(mapping["origin"], "CRM");
  EXPECT_EQ(mapping["primaryIdentifier"], (nlohmann::json{{"fields", {"customerId"}}}));
  EXPECT_EQ(mapping["identifiers"], (nlohmann::json{{{"field", "email"}, {"origin", "email"}}}));
  EXPECT_EQ(mapping["nameField"], "name");
  EXPECT_EQ(mapping["modifiedDateField"], "modified");
  EXPECT_EQ(mapping["createdDateField"], nullptr);
  std::map<std::string, std::string> why;
  for (const auto& reason : answer["reasons"]) why[reason["part"]] = reason["why"];
  EXPECT_THAT(why["primaryIdentifier"], HasSubstr("\"customerId\""));
  EXPECT_THAT(why["primaryIdentifier"], HasSubstr("in all 3 records, never empty"));
  EXPECT_THAT(why["primaryIdentifier"], HasSubstr("3 distinct values"));
  EXPECT_THAT(why["identifiers[0]"], HasSubstr("empty in 1 of them"));
  EXPECT_THAT(why["identifiers[0]"], HasSubstr("origin \"email\""));
  EXPECT_THAT(why["nameField"], HasSubstr("\"name\""));
  EXPECT_THAT(why["modifiedDateField"], HasSubstr("3 of 3 samples read as dates"));
  // A proposal alone changes nothing.
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, kInitialMapping);

  EXPECT_TRUE(
      IsError(server.Request("POST", MappingPath(id) + "/auto?apply=yes"), 400, "invalid-request"));
  HttpResponse applied = server.Request("POST", MappingPath(id) + "/auto?apply=true");
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.Json()["mapping"], mapping);
  EXPECT_EQ(server.Request("GET", MappingPath(id)).Json(), mapping);
}

TEST(MappingRoutes, SampleCluesMapTheFirstRecordsWithoutWritingAnything) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  ASSERT_TRUE(IsError(server.Request("GET", SamplePath(id)), 409, "mapping-incomplete"));
  ASSERT_EQ(server.Request("PUT", MappingPath(id), kCustomerIdMapping).status, 200);
  ASSERT_TRUE(IsEnvelope(Upload(server, id, kCustomers), 200));
  ASSERT_TRUE(
      IsEnvelope(Upload(server, id, R"([{"email":"no-id@example.com"},{"customerId":5}])"), 200));
  std::vector<PreviewRecord> records = AllRecords(server, id);  // newest first
  ASSERT_EQ(records.size(), 5u);

  HttpResponse sample = server.Request("GET", SamplePath(id) + "?limit=4");
  ASSERT_EQ(sample.status, 200) << sample.body;
  nlohmann::json items = sample.Json()["items"];
  ASSERT_EQ(items.size(), 4u) << sample.body;
  // Oldest first, each with the record it came from.
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i]["recordId"], records[4 - i].item["id"]) << i;
  }
  EXPECT_EQ(items[0]["entityType"], "/Customer");
  EXPECT_EQ(items[0]["code"], "/Customer#crm:1");
  EXPECT_EQ(items[0]["codes"],
            (nlohmann::json{"/Customer#crm:1", "/Customer#crm:ada@example.com"}));
  EXPECT_EQ(items[0]["name"], "Ada");
  EXPECT_EQ(items[0]["properties"]["crm.customer.email"], "ada@example.com");
  EXPECT_EQ(items[0]["hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(items[1]["codes"], (nlohmann::json{"/Customer#crm:2"})) << "empty email skipped";
  EXPECT_EQ(items[2]["code"], "/Customer#crm:3");
  // Values keep their exact source text: spliced, never re-parsed.
  EXPECT_THAT(sample.body, HasSubstr(R"("crm.customer.balance":"1.50")"));
  // The record without its primary identifier stands in its place with why.
  ASSERT_FALSE(items[3].contains("code")) << items[3].dump();
  ASSERT_EQ(items[3]["errors"].size(), 1u);
  const nlohmann::json& issue = items[3]["errors"][0];
  EXPECT_EQ(issue["messageId"], "primary-identifier-missing");
  EXPECT_EQ(issue["domain"], "mapping");
  EXPECT_EQ(issue["level"], "error");
  EXPECT_EQ(issue["dataSetId"], id);
  EXPECT_EQ(issue["receiptId"], records[1].item["receiptId"]);
  EXPECT_EQ(issue["rowIndex"], 0);
  EXPECT_THAT(issue["errorMessage"].get<std::string>(), HasSubstr("\"customerId\""));

  // Default 10 (all five here); the limit is checked.
  EXPECT_EQ(GetJson(server, SamplePath(id))["items"].size(), 5u);
  for (const char* limit : {"0", "1001", "ten", "-1"}) {
    EXPECT_TRUE(
        IsError(server.Request("GET", SamplePath(id) + "?limit=" + limit), 400, "invalid-request"))
        << limit;
  }
  // Nothing was processed or logged.
  nlohmann::json endpoint = GetJson(server, "/api/v1/endpoints/" + id);
  EXPECT_EQ(endpoint["status"], "not-processed");
  EXPECT_TRUE(GetJson(server, "/api/v1/endpoints/" + id + "/logs?stage=mapping")["items"].empty());
}

TEST(MappingRoutes, ReadTokensReadAndOnlyAdminsChange) {
  ServerProcess server;
  std::string id = NewEndpoint(server);
  CreatedToken reader = CreateToken(server, {"read"});
  CreatedToken ingester = CreateToken(server, {"ingest"});
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", MappingPath(id)).body, kInitialMapping);
  EXPECT_TRUE(
      IsError(server.RequestAs(reader.secret, "GET", SamplePath(id)), 409, "mapping-incomplete"));
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "PUT", MappingPath(id), kCustomerIdMapping),
                      403, "forbidden"));
  EXPECT_TRUE(
      IsError(server.RequestAs(reader.secret, "DELETE", MappingPath(id)), 403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "POST", MappingPath(id) + "/auto"), 403,
                      "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(ingester.secret, "GET", MappingPath(id)), 403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs("", "GET", MappingPath(id)), 401, "unauthenticated"));
  EXPECT_EQ(server.Request("GET", MappingPath(id)).body, kInitialMapping) << "nothing changed";
}

}  // namespace
}  // namespace inlet::testing
