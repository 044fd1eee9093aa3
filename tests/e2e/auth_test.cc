// Authentication and authorization as clients see them (SPEC §2.4, §3): 401 with
// `WWW-Authenticate: Bearer` for every kind of bad token, 403 for a token that lacks the
// scope or the endpoint, and a case-insensitive scheme name (RFC 7235).
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "support/database.h"
#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

// One request with a raw Authorization header ("" sends none).
HttpResponse WithAuthorization(const ServerProcess& server, const std::string& authorization,
                               const std::string& method, const std::string& target,
                               const std::string& body = "") {
  HttpConnection connection(server.port());
  HeaderList headers = {{"Content-Type", "application/json"}};
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  return connection.Send(method, target, body, headers);
}

::testing::AssertionResult IsUnauthenticated(const HttpResponse& response) {
  auto result = IsError(response, 401, "unauthenticated");
  if (!result) return result;
  // RFC 7235: a 401 must name the scheme; clients use it to know a token is wanted.
  if (response.Header("www-authenticate").rfind("Bearer", 0) != 0) {
    return ::testing::AssertionFailure()
           << "WWW-Authenticate is \"" << response.Header("www-authenticate") << "\"";
  }
  return ::testing::AssertionSuccess();
}

TEST(Auth, MissingMalformedAndUnknownTokensAre401) {
  ServerProcess server;
  auto endpoint = CreateEndpoint(server, "orders");
  const std::string upload = UploadPath(endpoint["id"]);
  // Every shape of bad Authorization header, on a management and on the ingestion route.
  const std::vector<std::string> bad_headers = {"",
                                                "Bearer",
                                                "Bearer ",
                                                "Basic dXNlcjpwYXNz",
                                                "Token " + server.admin_token(),
                                                "Bearer inlet_thisTokenWasNeverIssued0000000000000",
                                                "Bearer " + server.admin_token() + "x",
                                                "Bearer " + server.admin_token() + " extra"};
  for (const std::string& authorization : bad_headers) {
    SCOPED_TRACE("Authorization: \"" + authorization + "\"");
    EXPECT_TRUE(
        IsUnauthenticated(WithAuthorization(server, authorization, "GET", "/api/v1/endpoints")));
    EXPECT_TRUE(IsUnauthenticated(WithAuthorization(server, authorization, "POST", upload, "[]")));
  }
}

TEST(Auth, SchemeNameIsCaseInsensitive) {
  ServerProcess server;
  std::string upload = UploadPath(CreateEndpoint(server, "orders")["id"]);
  for (const std::string scheme : {"Bearer", "bearer", "BEARER", "bEaReR"}) {
    SCOPED_TRACE(scheme);
    const std::string authorization = scheme + " " + server.admin_token();
    auto response = WithAuthorization(server, authorization, "GET", "/api/v1/tokens");
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_TRUE(PassedAdmission(WithAuthorization(server, authorization, "POST", upload, "[]")));
  }
}

TEST(Auth, ExpiredTokenIs401) {
  ServerProcess server;
  auto endpoint = CreateEndpoint(server, "orders");
  // The API only makes tokens that expire in whole hours, so the expiry is moved into the
  // past in the database, as if the hours had passed.
  HttpResponse created =
      server.Request("POST", "/api/v1/tokens",
                     R"({"name":"short-lived","scopes":["read","ingest"],"expiresInHours":1})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.Json()["id"], secret = created.Json()["token"];
  ASSERT_FALSE(created.Json()["expiresAt"].is_null());
  ASSERT_EQ(server.RequestAs(secret, "GET", "/api/v1/endpoints").status, 200);

  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  ExecSql(DatabasePath(server.data_dir()),
          "UPDATE tokens SET expires_at = " + std::to_string(now_ms - 1000) + " WHERE id = '" + id +
              "'");
  EXPECT_TRUE(IsUnauthenticated(server.RequestAs(secret, "GET", "/api/v1/endpoints")));
  EXPECT_TRUE(
      IsUnauthenticated(server.RequestAs(secret, "POST", UploadPath(endpoint["id"]), "[]")));

  // The list tells the admin why the token stopped working.
  auto list = server.Request("GET", "/api/v1/tokens").Json();
  bool seen = false;
  for (const auto& token : list["items"]) {
    if (token["id"] != id) continue;
    seen = true;
    EXPECT_EQ(token["active"], false);
  }
  EXPECT_TRUE(seen);
}

TEST(Auth, ReadTokenIsForbiddenOnAdminAndIngestRoutes) {
  ServerProcess server;
  auto endpoint = CreateEndpoint(server, "orders");
  std::string id = endpoint["id"];
  auto reader = CreateToken(server, {"read"});

  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/endpoints").status, 200);
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/endpoints/" + id).status, 200);
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/groups").status, 200);

  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "GET", "/api/v1/tokens"), 403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "POST", "/api/v1/tokens",
                                       R"({"name":"x","scopes":["admin"]})"),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(
      server.RequestAs(reader.secret, "PATCH", "/api/v1/endpoints/" + id, R"({"name":"renamed"})"),
      403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(reader.secret, "DELETE", "/api/v1/endpoints/" + id), 403,
                      "forbidden"));
  EXPECT_TRUE(
      IsError(server.RequestAs(reader.secret, "POST", UploadPath(id), "[]"), 403, "forbidden"));
  // Nothing the forbidden calls asked for happened.
  auto after = server.Request("GET", "/api/v1/endpoints/" + id);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.Json()["name"], "orders");
}

TEST(Auth, IngestTokenCannotUseTheManagementApi) {
  ServerProcess server;
  auto endpoint = CreateEndpoint(server, "orders");
  auto ingest = CreateToken(server, {"ingest"});
  EXPECT_TRUE(
      IsError(server.RequestAs(ingest.secret, "GET", "/api/v1/endpoints"), 403, "forbidden"));
  EXPECT_TRUE(IsError(server.RequestAs(ingest.secret, "GET", "/api/v1/tokens"), 403, "forbidden"));
  EXPECT_TRUE(
      PassedAdmission(server.RequestAs(ingest.secret, "POST", UploadPath(endpoint["id"]), "[]")));
}

TEST(Auth, EndpointRestrictedTokenPostsOnlyToItsEndpoints) {
  ServerProcess server;
  std::string a = CreateEndpoint(server, "a")["id"];
  std::string b = CreateEndpoint(server, "b")["id"];
  auto only_a = CreateToken(server, {"ingest"}, {a});

  EXPECT_TRUE(PassedAdmission(server.RequestAs(only_a.secret, "POST", UploadPath(a), "[]")));
  auto to_b = server.RequestAs(only_a.secret, "POST", UploadPath(b), "[]");
  EXPECT_TRUE(IsError(to_b, 403, "forbidden"));
  // The refusal names the endpoint it was about.
  EXPECT_EQ(to_b.Json()["errors"][0]["dataSetId"], b);

  // The restriction compares endpoint ids, which are case-insensitive on the wire.
  std::string upper_a = a, upper_b = b;
  for (char& c : upper_a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : upper_b) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(PassedAdmission(server.RequestAs(only_a.secret, "POST", UploadPath(upper_a), "[]")));
  EXPECT_TRUE(IsError(server.RequestAs(only_a.secret, "POST", UploadPath(upper_b), "[]"), 403,
                      "forbidden"));

  // The admin scope includes ingest, on every endpoint.
  EXPECT_TRUE(PassedAdmission(server.Request("POST", UploadPath(b), "[]")));
}

}  // namespace
}  // namespace inlet::testing
