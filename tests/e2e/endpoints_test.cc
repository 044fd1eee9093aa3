// The endpoints API (SPEC §3, §3.1, §4 defaults): create with a new or existing source and
// group, copy a mapping, validation that names the bad member, cursor paging, get, change
// and delete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

HttpResponse Create(const ServerProcess& server, const nlohmann::json& body) {
  return server.Request("POST", "/api/v1/endpoints", body.dump());
}

nlohmann::json NewEndpointBody(const std::string& name) {
  return {{"name", name},
          {"source", "CRM"},
          {"group", "Sales"},
          {"mapping", {{"entityType", "/Customer"}}},
          {"mode", "manual"}};
}

TEST(Endpoints, CreateAnswersWithPostUrlStatusAndInstructions) {
  ServerProcess server;
  auto body = NewEndpointBody("customers");
  body["mode"] = "automatic";
  auto response = Create(server, body);
  ASSERT_EQ(response.status, 201) << response.body;
  auto endpoint = response.Json();
  ASSERT_TRUE(endpoint["id"].is_string());
  std::string id = endpoint["id"];
  EXPECT_EQ(id.size(), 36u);
  EXPECT_THAT(endpoint["postUrl"].get<std::string>(), EndsWith("/upload/api/endpoint/" + id));
  EXPECT_THAT(endpoint["postUrl"].get<std::string>(),
              HasSubstr("127.0.0.1:" + std::to_string(server.port())));
  EXPECT_EQ(endpoint["status"], "no-data-sent");
  EXPECT_EQ(endpoint["mode"], "automatic");
  EXPECT_EQ(endpoint["name"], "customers");
  EXPECT_EQ(endpoint["source"], "CRM");
  EXPECT_EQ(endpoint["group"], "Sales");
  ASSERT_TRUE(endpoint["instructions"].is_object());
  EXPECT_EQ(endpoint["instructions"]["url"], endpoint["postUrl"]);
  std::string curl = endpoint["instructions"]["curl"];
  EXPECT_EQ(curl.rfind("curl ", 0), 0u) << curl;
  EXPECT_THAT(curl, HasSubstr(endpoint["postUrl"].get<std::string>()));
  EXPECT_THAT(curl, HasSubstr("Authorization: Bearer"));

  // The POST URL it hands out really is the ingestion route of this endpoint.
  EXPECT_TRUE(PassedAdmission(server.Request("POST", UploadPath(id), "[]")));
}

TEST(Endpoints, SecondEndpointReusesExistingSourceAndGroup) {
  ServerProcess server;
  ASSERT_EQ(Create(server, NewEndpointBody("customers")).status, 201);
  ASSERT_EQ(Create(server, NewEndpointBody("contacts")).status, 201);

  auto groups = server.Request("GET", "/api/v1/groups");
  ASSERT_EQ(groups.status, 200);
  ASSERT_EQ(groups.Json()["items"].size(), 1u) << groups.body;
  EXPECT_EQ(groups.Json()["items"][0]["name"], "Sales");
  EXPECT_EQ(groups.Json()["items"][0]["sourceCount"], 1);

  auto sources = server.Request("GET", "/api/v1/sources");
  ASSERT_EQ(sources.status, 200);
  ASSERT_EQ(sources.Json()["items"].size(), 1u) << sources.body;
  EXPECT_EQ(sources.Json()["items"][0]["name"], "CRM");
  EXPECT_EQ(sources.Json()["items"][0]["group"], "Sales");
  EXPECT_EQ(sources.Json()["items"][0]["endpointCount"], 2);

  // A new source in the same group, and a new group, make new entries.
  auto erp = NewEndpointBody("invoices");
  erp["source"] = "ERP";
  ASSERT_EQ(Create(server, erp).status, 201);
  auto web = NewEndpointBody("visits");
  web["source"] = "Web";
  web["group"] = "Marketing";
  ASSERT_EQ(Create(server, web).status, 201);
  EXPECT_EQ(server.Request("GET", "/api/v1/groups").Json()["items"].size(), 2u);
  EXPECT_EQ(server.Request("GET", "/api/v1/sources").Json()["items"].size(), 3u);
}

TEST(Endpoints, MappingDefaultsComeFromSourceAndEntityType) {
  ServerProcess server;
  auto endpoint = Create(server, NewEndpointBody("customers")).Json();
  auto mapping = endpoint["mapping"];
  EXPECT_EQ(mapping["entityType"], "/Customer");
  EXPECT_EQ(mapping["vocabularyPrefix"], "crm.customer");
  EXPECT_EQ(mapping["origin"], "CRM");  // the source name as written
  EXPECT_TRUE(mapping["primaryIdentifier"].is_null());
}

TEST(Endpoints, MappingFromEndpointIsCopied) {
  ServerProcess server;
  auto first = NewEndpointBody("customers");
  first["mapping"] = {
      {"entityType", "/Organization"}, {"vocabularyPrefix", "erp.company"}, {"origin", "erp-eu"}};
  auto original = Create(server, first).Json();
  auto copy_body = NewEndpointBody("customers-copy");
  copy_body["source"] = "Other";
  copy_body["mapping"] = {{"fromEndpoint", original["id"]}};
  auto copy = Create(server, copy_body);
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(copy.Json()["mapping"], original["mapping"]);
  EXPECT_EQ(copy.Json()["mapping"]["vocabularyPrefix"], "erp.company");
  EXPECT_EQ(copy.Json()["mapping"]["origin"], "erp-eu");

  auto missing = NewEndpointBody("nowhere");
  missing["mapping"] = {{"fromEndpoint", "0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}};
  auto refused = Create(server, missing);
  EXPECT_TRUE(IsError(refused, 400, "invalid-request"));
  EXPECT_THAT(refused.body, HasSubstr("fromEndpoint"));
}

TEST(Endpoints, ValidationErrorsNameTheBadMember) {
  ServerProcess server;
  struct Case {
    const char* what;
    nlohmann::json body;
    const char* member;
  };
  auto without_name = NewEndpointBody("x");
  without_name.erase("name");
  auto bad_mode = NewEndpointBody("x");
  bad_mode["mode"] = "sometimes";
  auto bad_type = NewEndpointBody("x");
  bad_type["mapping"]["entityType"] = "Customer";
  auto unknown = NewEndpointBody("x");
  unknown["colour"] = "blue";
  auto unknown_in_mapping = NewEndpointBody("x");
  unknown_in_mapping["mapping"]["entitytype"] = "/Customer";
  auto without_mapping = NewEndpointBody("x");
  without_mapping.erase("mapping");
  auto without_source = NewEndpointBody("x");
  without_source["source"] = "";
  for (const Case& c :
       {Case{"missing name", without_name, "name"}, Case{"bad mode", bad_mode, "mode"},
        Case{"bad entityType", bad_type, "mapping.entityType"},
        Case{"unknown member", unknown, "colour"},
        Case{"unknown mapping member", unknown_in_mapping, "entitytype"},
        Case{"missing mapping", without_mapping, "mapping"},
        Case{"empty source", without_source, "source"}}) {
    SCOPED_TRACE(c.what);
    auto response = Create(server, c.body);
    ASSERT_TRUE(IsError(response, 400, "invalid-request"));
    EXPECT_THAT(response.Json()["errors"][0]["errorMessage"].get<std::string>(),
                HasSubstr(std::string("\"") + c.member + "\""));
  }
  // None of them created anything.
  EXPECT_EQ(server.Request("GET", "/api/v1/endpoints").Json()["items"].size(), 0u);
  EXPECT_EQ(server.Request("GET", "/api/v1/groups").Json()["items"].size(), 0u);
}

TEST(Endpoints, ListPagesWithACursor) {
  ServerProcess server;
  std::set<std::string> created;
  for (const char* name : {"one", "two", "three"}) {
    created.insert(CreateEndpoint(server, name)["id"].get<std::string>());
  }
  auto all = server.Request("GET", "/api/v1/endpoints").Json();
  EXPECT_EQ(all["items"].size(), 3u);
  EXPECT_TRUE(all["next"].is_null());

  std::set<std::string> seen;
  std::string target = "/api/v1/endpoints?limit=1";
  for (int page = 0; page < 5; ++page) {
    auto response = server.Request("GET", target);
    ASSERT_EQ(response.status, 200) << response.body;
    auto json = response.Json();
    ASSERT_LE(json["items"].size(), 1u);
    for (const auto& item : json["items"]) {
      EXPECT_TRUE(seen.insert(item["id"].get<std::string>()).second) << "repeated " << item["id"];
    }
    if (json["next"].is_null()) break;
    ASSERT_EQ(json["items"].size(), 1u) << "a page with a cursor must not be empty";
    target = "/api/v1/endpoints?limit=1&after=" + json["next"].get<std::string>();
  }
  EXPECT_EQ(seen, created);

  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/endpoints?limit=0"), 400, "invalid-request"));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/endpoints?after=x"), 400, "invalid-request"));
}

TEST(Endpoints, GetPatchAndDelete) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];

  auto one = server.Request("GET", "/api/v1/endpoints/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Json()["id"], id);
  EXPECT_EQ(one.Json()["status"], "no-data-sent");
  EXPECT_EQ(one.Json()["recordCount"], 0);
  EXPECT_EQ(one.Json()["instructions"]["url"], one.Json()["postUrl"]) << "as its creation said";
  EXPECT_NE(one.Json()["instructions"]["curl"].get<std::string>().find(id), std::string::npos);

  auto patched = server.Request("PATCH", "/api/v1/endpoints/" + id,
                                R"({"mode":"automatic","name":"sales orders"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json()["id"], id);
  EXPECT_EQ(patched.Json()["mode"], "automatic");
  EXPECT_EQ(patched.Json()["name"], "sales orders");
  auto reread = server.Request("GET", "/api/v1/endpoints/" + id).Json();
  EXPECT_EQ(reread["mode"], "automatic");
  EXPECT_EQ(reread["name"], "sales orders");

  auto bad = server.Request("PATCH", "/api/v1/endpoints/" + id, R"({"mode":"sometimes"})");
  EXPECT_TRUE(IsError(bad, 400, "invalid-request"));
  EXPECT_THAT(bad.body, HasSubstr("mode"));
  EXPECT_EQ(server.Request("GET", "/api/v1/endpoints/" + id).Json()["mode"], "automatic");

  auto deleted = server.Request("DELETE", "/api/v1/endpoints/" + id);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/endpoints/" + id), 404, "endpoint-not-found"));
  EXPECT_TRUE(IsError(server.Request("PATCH", "/api/v1/endpoints/" + id, R"({"name":"x"})"), 404,
                      "endpoint-not-found"));
  EXPECT_TRUE(
      IsError(server.Request("DELETE", "/api/v1/endpoints/" + id), 404, "endpoint-not-found"));
  // Its POST URL is gone with it.
  EXPECT_TRUE(IsError(server.Request("POST", UploadPath(id), "[]"), 404, "endpoint-not-found"));
  EXPECT_EQ(server.Request("GET", "/api/v1/endpoints").Json()["items"].size(), 0u);
}

}  // namespace
}  // namespace inlet::testing
