// Every refusal carries the same JSON envelope (SPEC §2.2, §3):
// {"success":false,"error":true,"errors":[{"messageId","errorMessage","exception","level",
// "domain","rowIndex":-1,...}]}. CluedIn clients and ADF read it on every status.
#include <gtest/gtest.h>

#include <string>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

TEST(Errors, EveryRefusalHasTheEnvelope) {
  ServerProcess server(ServeArgs({"--set", "limits.bodyWireBytes=1024"}));
  std::string id = CreateEndpoint(server, "orders")["id"];
  auto reader = CreateToken(server, {"read"});

  // IsError checks the whole envelope, not only the status and messageId.
  EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/endpoints", R"({"name":1})"), 400,
                      "invalid-request"));
  EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/endpoints", "nope"), 400, "invalid-json"));
  EXPECT_TRUE(IsError(server.RequestAs("", "GET", "/api/v1/endpoints"), 401, "unauthenticated"));
  EXPECT_TRUE(
      IsError(server.RequestAs(reader.secret, "POST", UploadPath(id), "[]"), 403, "forbidden"));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/endpoints/" + std::string(36, '0')), 404,
                      "endpoint-not-found"));
  EXPECT_TRUE(IsError(server.Request("GET", "/nowhere"), 404, "route-not-found"));
  EXPECT_TRUE(IsError(server.Request("GET", UploadPath(id)), 405, "method-not-allowed"));
  EXPECT_TRUE(IsError(server.Request("POST", UploadPath(id), std::string(2048, ' ')), 413,
                      "body-too-large"));

  // Errors about one endpoint name it in dataSetId, as CluedIn does.
  auto forbidden = server.RequestAs(reader.secret, "POST", UploadPath(id), "[]").Json();
  EXPECT_EQ(forbidden["errors"][0]["dataSetId"], id);
}

}  // namespace
}  // namespace inlet::testing
