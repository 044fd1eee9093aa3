// The checks the ingestion route makes before it reads a body, in the order of SPEC §2.1:
// wrong method → 405, bad token → 401, unknown or malformed endpoint → 404, token not
// allowed → 403. The endpoint id is case-insensitive and a trailing slash is tolerated.
// Strangers cause no writes: none of these refusals stores anything.
#include <gtest/gtest.h>

#include <string>

#include "support/management.h"
#include "support/server_process.h"
#include "support/store_access.h"

namespace inlet::testing {
namespace {

constexpr char kUnknownId[] = "0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

TEST(IngestRoute, WrongMethodIs405BeforeTheToken) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  for (const std::string method : {"GET", "PUT", "DELETE"}) {
    SCOPED_TRACE(method);
    auto anonymous = server.RequestAs("", method, UploadPath(id));
    EXPECT_TRUE(IsError(anonymous, 405, "method-not-allowed"));
    EXPECT_EQ(anonymous.Header("allow"), "POST");
    EXPECT_TRUE(IsError(server.Request(method, UploadPath(id)), 405, "method-not-allowed"));
  }
}

TEST(IngestRoute, TokenIsCheckedBeforeTheEndpoint) {
  ServerProcess server;
  // A stranger learns nothing about which endpoint ids exist.
  EXPECT_TRUE(
      IsError(server.RequestAs("", "POST", UploadPath(kUnknownId), "[]"), 401, "unauthenticated"));
  EXPECT_TRUE(
      IsError(server.RequestAs("", "POST", UploadPath("abc"), "[]"), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(server.RequestAs("inlet_unknown", "POST", UploadPath(kUnknownId), "[]"), 401,
                      "unauthenticated"));
}

TEST(IngestRoute, MalformedOrUnknownEndpointIs404) {
  ServerProcess server;
  CreateEndpoint(server, "orders");
  auto reader = CreateToken(server, {"read"});
  for (const std::string id : {"abc", kUnknownId, "0b7e3f4a1c2d4e5f8a9b0c1d2e3f4a5b0"}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(IsError(server.Request("POST", UploadPath(id), "[]"), 404, "endpoint-not-found"));
    // The endpoint is checked before the scope (SPEC §2.1: 404 comes before 403).
    EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "POST", UploadPath(id), "[]"), 404,
                        "endpoint-not-found"));
  }
}

TEST(IngestRoute, EndpointIdIsCaseInsensitiveAndTrailingSlashTolerated) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  auto ingest = CreateToken(server, {"ingest"});
  EXPECT_TRUE(PassedAdmission(server.RequestAs(ingest.secret, "POST", UploadPath(id), "[]")));
  EXPECT_TRUE(
      PassedAdmission(server.RequestAs(ingest.secret, "POST", UploadPath(Upper(id)), "[]")));
  EXPECT_TRUE(PassedAdmission(server.RequestAs(ingest.secret, "POST", UploadPath(id) + "/", "[]")));
  EXPECT_TRUE(
      PassedAdmission(server.RequestAs(ingest.secret, "POST", UploadPath(Upper(id)) + "/", "[]")));
}

TEST(IngestRoute, RefusalsBeforeTheScopeCheckStoreNothing) {
  ServerProcess server;
  std::string a = CreateEndpoint(server, "a")["id"];
  std::string b = CreateEndpoint(server, "b")["id"];
  auto only_a = CreateToken(server, {"ingest"}, {a});
  const std::string body = R"([{"customerId": 1, "name": "Ada"}])";

  EXPECT_EQ(server.Request("GET", UploadPath(a)).status, 405);
  EXPECT_EQ(server.RequestAs("", "POST", UploadPath(a), body).status, 401);
  EXPECT_EQ(server.RequestAs("inlet_unknown", "POST", UploadPath(a), body).status, 401);
  EXPECT_EQ(server.Request("POST", UploadPath(kUnknownId), body).status, 404);
  EXPECT_EQ(server.Request("POST", UploadPath("abc"), body).status, 404);
  EXPECT_EQ(server.RequestAs(only_a.secret, "POST", UploadPath(b), body).status, 403);

  EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM receipts"), 0);
  EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM records"), 0);
  EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM logs"), 0);
  for (const std::string& id : {a, b}) {
    auto endpoint = server.Request("GET", "/api/v1/endpoints/" + id).Json();
    EXPECT_EQ(endpoint["status"], "no-data-sent");
    EXPECT_EQ(endpoint["recordCount"], 0);
  }

  // Control: a request that passes every check is stored, so the counts above can see
  // writes at all (only once storing exists; until then it answers 501).
  auto admitted = server.RequestAs(only_a.secret, "POST", UploadPath(a), body);
  ASSERT_TRUE(PassedAdmission(admitted));
  if (admitted.status == 200) {
    EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM receipts"), 1);
    EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM records"), 1);
  }
}

}  // namespace
}  // namespace inlet::testing
