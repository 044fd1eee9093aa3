// Scopes everywhere (SPEC §8): a token's endpoint list restricts every route under
// /api/v1/endpoints/{id}, the receipts and jobs of other endpoints and the lists of
// endpoints, groups and sources; golden records are not filtered. A token manages only
// tokens within its own scopes and endpoints, and the secret of a new token is never
// cached.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

// Two endpoints with a record each, in different sources and groups.
struct TwoEndpoints {
  std::string a, b;
  std::string receipt_b;
};

TwoEndpoints MakeTwo(const ServerProcess& server) {
  TwoEndpoints two;
  two.a = CreateEndpoint(server, "mine", "CRM", "Sales")["id"];
  two.b = CreateEndpoint(server, "theirs", "ERP", "Finance")["id"];
  EXPECT_EQ(Upload(server, two.a, R"([{"customerId":"a1","name":"Ada"}])").status, 200);
  HttpResponse b = Upload(server, two.b, R"([{"customerId":"b1","name":"Bob"}])");
  EXPECT_EQ(b.status, 200) << b.body;
  two.receipt_b = b.Json()["receiptId"];
  return two;
}

std::string EndpointPath(const std::string& id, const std::string& rest = "") {
  return "/api/v1/endpoints/" + id + rest;
}

TEST(Scopes, ReadTokenForOneEndpointCannotReadAnothersRecords) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto reader = CreateToken(server, {"read"}, {two.a});
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", EndpointPath(two.a, "/records")).status, 200);
  // The finding of issue 10: this was a 200 with endpoint B's records.
  HttpResponse theirs = server.RequestAs(reader.secret, "GET", EndpointPath(two.b, "/records"));
  EXPECT_TRUE(IsError(theirs, 403, "forbidden"));
  EXPECT_THAT(theirs.body, ::testing::Not(::testing::HasSubstr("Bob")));
}

TEST(Scopes, EveryReadRouteOfAnotherEndpointIs403) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto reader = CreateToken(server, {"read"}, {two.a});
  for (const std::string rest : {"", "/records", "/records?q=Bob", "/fields", "/receipts", "/logs",
                                 "/jobs", "/mapping", "/clues/sample"}) {
    SCOPED_TRACE(rest);
    EXPECT_NE(server.RequestAs(reader.secret, "GET", EndpointPath(two.a, rest)).status, 403);
    EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "GET", EndpointPath(two.b, rest)), 403,
                        "forbidden"));
  }
  // Whether another id exists is not the token's business: unknown ids are 403 as well.
  for (const std::string id : {"0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b", "not-a-uuid"}) {
    EXPECT_TRUE(
        IsError(server.RequestAs(reader.secret, "GET", EndpointPath(id)), 403, "forbidden"));
  }
  // The restriction holds in any case of the id.
  std::string upper = two.b;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "GET", EndpointPath(upper, "/records")), 403,
                      "forbidden"));
}

TEST(Scopes, AdminTokenForOneEndpointChangesNothingOfAnother) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto admin_a = CreateToken(server, {"admin"}, {two.a});
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"PATCH", ""},
      {"DELETE", ""},
      {"DELETE", "/records"},
      {"DELETE", "/logs"},
      {"PUT", "/mapping"},
      {"DELETE", "/mapping"},
      {"POST", "/mapping/auto?apply=true"},
      {"POST", "/process"},
      {"POST", "/remove-records"},
  };
  for (const auto& [method, rest] : calls) {
    SCOPED_TRACE(method + " " + rest);
    std::string body = method == "PATCH" ? R"({"name":"taken"})"
                       : method == "PUT" ? CustomerMapping("crm").dump()
                                         : "";
    EXPECT_TRUE(IsError(server.RequestAs(admin_a.secret, method, EndpointPath(two.b, rest), body),
                        403, "forbidden"));
  }
  // B is as it was.
  auto b = GetJson(server, EndpointPath(two.b));
  EXPECT_EQ(b["name"], "theirs");
  EXPECT_EQ(b["recordCount"], 1);
  EXPECT_EQ(AllRecords(server, two.b).size(), 1u);
  // The same token does all of that on its own endpoint.
  EXPECT_EQ(
      server.RequestAs(admin_a.secret, "PATCH", EndpointPath(two.a), R"({"name":"mine2"})").status,
      200);
}

TEST(Scopes, ReceiptsAndJobsOfAnotherEndpointAre403) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto job_b = server.Request("POST", EndpointPath(two.b, "/remove-records"));
  ASSERT_EQ(job_b.status, 202) << job_b.body;
  std::string job_id = job_b.Json()["id"];
  WaitForJob(server, job_id);
  auto reader = CreateToken(server, {"read"}, {two.a});
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "GET", "/api/v1/receipts/" + two.receipt_b),
                      403, "forbidden"));
  EXPECT_TRUE(
      IsError(server.RequestAs(reader.secret, "GET", "/api/v1/jobs/" + job_id), 403, "forbidden"));
  // Its own receipts read as before; a reader for B reads B's.
  std::string receipt_a = AllReceipts(server, two.a).at(0)["id"];
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/receipts/" + receipt_a).status, 200);
  auto reader_b = CreateToken(server, {"read"}, {two.b});
  EXPECT_EQ(server.RequestAs(reader_b.secret, "GET", "/api/v1/receipts/" + two.receipt_b).status,
            200);
  EXPECT_EQ(server.RequestAs(reader_b.secret, "GET", "/api/v1/jobs/" + job_id).status, 200);
}

TEST(Scopes, ListsShowOnlyWhatLeadsToTheTokensEndpoints) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  std::string c = CreateEndpoint(server, "mine too", "CRM", "Sales")["id"];
  CreateEndpoint(server, "other in CRM", "CRM", "Sales");
  auto reader = CreateToken(server, {"read"}, {c, two.a});

  // Endpoints: its two, by key, paged like any list.
  auto first = server.RequestAs(reader.secret, "GET", "/api/v1/endpoints?limit=1").Json();
  ASSERT_EQ(first["items"].size(), 1u) << first.dump();
  EXPECT_EQ(first["items"][0]["id"], two.a);
  ASSERT_TRUE(first["next"].is_string());
  auto second =
      server
          .RequestAs(reader.secret, "GET",
                     "/api/v1/endpoints?limit=1&after=" + first["next"].get<std::string>())
          .Json();
  ASSERT_EQ(second["items"].size(), 1u) << second.dump();
  EXPECT_EQ(second["items"][0]["id"], c);
  auto all = server.RequestAs(reader.secret, "GET", "/api/v1/endpoints").Json();
  EXPECT_EQ(all["items"].size(), 2u) << all.dump();
  EXPECT_TRUE(all["next"].is_null());

  // Groups and sources: only Sales and CRM, counting what the token sees.
  auto groups = server.RequestAs(reader.secret, "GET", "/api/v1/groups").Json()["items"];
  ASSERT_EQ(groups.size(), 1u) << groups.dump();
  EXPECT_EQ(groups[0]["name"], "Sales");
  EXPECT_EQ(groups[0]["sourceCount"], 1);
  auto sources = server.RequestAs(reader.secret, "GET", "/api/v1/sources").Json()["items"];
  ASSERT_EQ(sources.size(), 1u) << sources.dump();
  EXPECT_EQ(sources[0]["name"], "CRM");
  EXPECT_EQ(sources[0]["endpointCount"], 2);

  // An unrestricted token still sees everything.
  auto everything = GetJson(server, "/api/v1/endpoints");
  EXPECT_EQ(everything["items"].size(), 4u);
  EXPECT_EQ(GetJson(server, "/api/v1/groups")["items"].size(), 2u);
  auto all_sources = GetJson(server, "/api/v1/sources")["items"];
  for (const auto& source : all_sources) {
    EXPECT_EQ(source["endpointCount"], source["name"] == "CRM" ? 3 : 1) << source.dump();
  }
}

TEST(Scopes, GoldenRecordsAreNotFiltered) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  SetMapping(server, two.b, CustomerMapping("erp"));
  ProcessAndWait(server, two.b);
  auto reader = CreateToken(server, {"read"}, {two.a});
  auto entities = server.RequestAs(reader.secret, "GET", "/api/v1/entities");
  ASSERT_EQ(entities.status, 200) << entities.body;
  ASSERT_EQ(entities.Json()["items"].size(), 1u) << entities.body;
  std::string id = entities.Json()["items"][0]["id"];
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/entities/" + id).status, 200);
}

TEST(Scopes, RestrictedAdminCannotCreateEndpoints) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto admin_a = CreateToken(server, {"admin"}, {two.a});
  nlohmann::json request = {{"name", "new"},
                            {"source", "CRM"},
                            {"group", "Sales"},
                            {"mapping", {{"fromEndpoint", two.b}}}};
  EXPECT_TRUE(IsError(server.RequestAs(admin_a.secret, "POST", "/api/v1/endpoints", request.dump()),
                      403, "forbidden"));
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints")["items"].size(), 2u);
}

TEST(Scopes, ATokenCreatesTokensOnlyWithinItsOwnEndpoints) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto admin_a = CreateToken(server, {"admin"}, {two.a}, "admin of A");
  auto create = [&](const nlohmann::json& endpoints) {
    nlohmann::json request = {{"name", "minted"}, {"scopes", {"read", "ingest"}}};
    if (!endpoints.is_null()) request["endpoints"] = endpoints;
    return server.RequestAs(admin_a.secret, "POST", "/api/v1/tokens", request.dump());
  };
  EXPECT_EQ(create({two.a}).status, 201);
  EXPECT_TRUE(IsError(create({two.b}), 403, "forbidden"));
  EXPECT_TRUE(IsError(create({two.a, two.b}), 403, "forbidden"));
  // No list means every endpoint: an unrestricted token from a restricted one.
  EXPECT_TRUE(IsError(create(nullptr), 403, "forbidden"));
  EXPECT_TRUE(IsError(create(nlohmann::json::array()), 403, "forbidden"));
  // Lower scopes cannot reach the route at all.
  auto reader = CreateToken(server, {"read", "ingest"});
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "POST", "/api/v1/tokens",
                                       R"({"name":"x","scopes":["admin"]})"),
                      403, "forbidden"));
}

TEST(Scopes, ARestrictedTokenManagesOnlyTokensWithinItsReach) {
  ServerProcess server;
  TwoEndpoints two = MakeTwo(server);
  auto admin_a = CreateToken(server, {"admin"}, {two.a}, "admin of A");
  auto reader_a = CreateToken(server, {"read"}, {two.a}, "reader of A");
  auto reader_b = CreateToken(server, {"read"}, {two.b}, "reader of B");

  auto listed = server.RequestAs(admin_a.secret, "GET", "/api/v1/tokens").Json()["items"];
  std::set<std::string> names;
  for (const auto& token : listed) names.insert(token["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"admin of A", "reader of A"}));

  // The first admin token (every endpoint) and B's token cannot be revoked from here.
  auto tokens = GetJson(server, "/api/v1/tokens")["items"];
  std::string first_admin;
  for (const auto& token : tokens) {
    if (token["endpoints"].empty()) first_admin = token["id"];
  }
  ASSERT_FALSE(first_admin.empty());
  EXPECT_TRUE(IsError(server.RequestAs(admin_a.secret, "DELETE", "/api/v1/tokens/" + first_admin),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(admin_a.secret, "DELETE", "/api/v1/tokens/" + reader_b.id),
                      403, "forbidden"));
  EXPECT_EQ(GetJson(server, "/api/v1/tokens")["items"].size(), 4u);
  EXPECT_EQ(server.Request("GET", "/api/v1/tokens").status, 200);
  EXPECT_EQ(server.RequestAs(reader_b.secret, "GET", EndpointPath(two.b)).status, 200);
  // Its own reader it can revoke.
  EXPECT_EQ(server.RequestAs(admin_a.secret, "DELETE", "/api/v1/tokens/" + reader_a.id).status,
            200);
  EXPECT_EQ(server.RequestAs(reader_a.secret, "GET", EndpointPath(two.a)).status, 401);
}

TEST(Scopes, TokenCreationAnswersAreNeverCached) {
  ServerProcess server;
  auto created = server.Request("POST", "/api/v1/tokens", R"({"name":"x","scopes":["read"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("cache-control"), "no-store");
}

}  // namespace
}  // namespace inlet::testing
