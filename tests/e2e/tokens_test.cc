// API tokens (SPEC §3): the first admin token, create/list/revoke over the API and the
// CLI, and revocation that takes effect at once, also when the CLI revokes a token while
// the server runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

TEST(Tokens, FirstStartWritesTheAdminTokenToAFileAndKeepsItAcrossRestarts) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  const std::string token_file = data_dir + "/admin.token";
  std::string secret;
  {
    ServerProcess server(ServeDataDir(data_dir));
    // The file holds the secret and only its owner may read it.
    secret = Trim(ReadFile(token_file));
    // ≥128 random bits (SPEC §3): at least 22 base64 characters after any prefix.
    EXPECT_GE(secret.size(), 22u);
    struct stat info {};
    ASSERT_EQ(::lstat(token_file.c_str(), &info), 0);
    EXPECT_TRUE(S_ISREG(info.st_mode));
    EXPECT_EQ(info.st_mode & 0777, 0600);
    // stdout is a file here, not a terminal: it names the file, never the secret.
    EXPECT_THAT(server.Stdout(), HasSubstr(token_file));
    EXPECT_THAT(server.Stdout(), Not(HasSubstr(secret)));
    EXPECT_THAT(server.Stderr(), Not(HasSubstr(secret)));

    EXPECT_EQ(server.RequestAs(secret, "GET", "/api/v1/tokens").status, 200);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitForExit(10000), 0);
  }
  ServerProcess again(ServeDataDir(data_dir));
  EXPECT_THAT(again.Stdout(), Not(HasSubstr(secret)));
  EXPECT_EQ(again.RequestAs(secret, "GET", "/api/v1/tokens").status, 200);
  // Still exactly one token: the restart did not mint another admin.
  EXPECT_EQ(again.RequestAs(secret, "GET", "/api/v1/tokens").Json()["items"].size(), 1u);
}

// `inlet serve` with stdout on a pseudo-terminal, as a person starting it sees it: what
// it printed up to the line saying where it listens. Stops it afterwards.
std::string FirstLinesOnATerminal(const std::string& data_dir) {
  int terminal = -1;
  pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    ::execl(INLET_BINARY, INLET_BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir",
            data_dir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.find("listening on") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd ready{terminal, POLLIN, 0};
    if (::poll(&ready, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  ::close(terminal);
  return out;
}

TEST(Tokens, OnATerminalTheFirstStartShowsTheAdminTokenOnce) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  std::string out = FirstLinesOnATerminal(data_dir);
  const std::string marker = "admin token (shown once): ";
  size_t at = out.find(marker);
  ASSERT_NE(at, std::string::npos) << out;
  std::string shown = out.substr(at + marker.size());
  shown = shown.substr(0, shown.find_first_of("\r\n"));
  EXPECT_EQ(shown, Trim(ReadFile(data_dir + "/admin.token")));
  // Shown once: the next start on a terminal names the file only.
  std::string again = FirstLinesOnATerminal(data_dir);
  EXPECT_THAT(again, Not(HasSubstr(marker)));
  EXPECT_THAT(again, Not(HasSubstr(shown)));
  EXPECT_THAT(again, HasSubstr(data_dir + "/admin.token"));
}

TEST(Tokens, APlantedAdminTokenLinkStopsTheFirstStartAndIsNotWrittenThrough) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  const std::string target = temp.File("written-through");
  ASSERT_EQ(::mkdir(data_dir.c_str(), 0700), 0);
  ASSERT_EQ(::symlink(target.c_str(), (data_dir + "/admin.token").c_str()), 0);
  CommandResult result = RunInlet({"serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr(data_dir + "/admin.token already exists"));
  EXPECT_NE(::access(target.c_str(), F_OK), 0) << "the secret was written through the link";
}

// POST /api/v1/tokens for "nifi", with the ingest scope on `endpoint` alone.
HttpResponse CreateIngestTokenFor(ServerProcess& server, const std::string& endpoint) {
  return server.Request(
      "POST", "/api/v1/tokens",
      R"({"name":"nifi","scopes":["ingest"],"endpoints":[")" + endpoint + R"("]})");
}

TEST(Tokens, CreatedTokenWorksForItsScope) {
  ServerProcess server;
  std::string endpoint = CreateEndpoint(server, "orders")["id"];
  auto created = CreateIngestTokenFor(server, endpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  auto json = created.Json();
  ASSERT_TRUE(json["token"].is_string());
  ASSERT_TRUE(json["id"].is_string());
  EXPECT_EQ(json["name"], "nifi");
  EXPECT_EQ(json["scopes"], nlohmann::json::array({"ingest"}));
  EXPECT_EQ(json["endpoints"], nlohmann::json::array({endpoint}));
  std::string secret = json["token"];
  EXPECT_GE(secret.size(), 22u);
  EXPECT_TRUE(PassedAdmission(server.RequestAs(secret, "POST", UploadPath(endpoint), "[]")));
  EXPECT_TRUE(IsError(server.RequestAs(secret, "GET", "/api/v1/endpoints"), 403, "forbidden"));
}

// Any valid token may read what it is, whatever its scopes; none may read another's.
TEST(Tokens, EveryTokenReadsItsOwnScopesAndEndpoints) {
  ServerProcess server;
  std::string endpoint = CreateEndpoint(server, "orders")["id"];
  auto created = CreateIngestTokenFor(server, endpoint);
  ASSERT_EQ(created.status, 201) << created.body;
  auto current = server.RequestAs(created.Json()["token"], "GET", "/api/v1/tokens/current");
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.Json(), (nlohmann::json{{"id", created.Json()["id"]},
                                            {"name", "nifi"},
                                            {"scopes", {"ingest"}},
                                            {"endpoints", {endpoint}}}));
  auto admin = server.Request("GET", "/api/v1/tokens/current");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.Json()["scopes"], nlohmann::json::array({"admin"}));
  EXPECT_EQ(admin.Json()["endpoints"], nlohmann::json::array());
  EXPECT_TRUE(
      IsError(server.RequestAs("", "GET", "/api/v1/tokens/current"), 401, "unauthenticated"));
}

TEST(Tokens, CreateRejectsBadRequests) {
  ServerProcess server;
  EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/tokens", R"({"name":"x","scopes":["root"]})"),
                      400, "invalid-token-request"));
  EXPECT_EQ(server.Request("POST", "/api/v1/tokens", R"({"scopes":["read"]})").status, 400);
  EXPECT_EQ(server.Request("POST", "/api/v1/tokens", R"({"name":"x"})").status, 400);
  // A token for an endpoint that does not exist would silently be useless.
  EXPECT_EQ(
      server
          .Request(
              "POST", "/api/v1/tokens",
              R"({"name":"x","scopes":["ingest"],"endpoints":["0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]})")
          .status,
      400);
}

TEST(Tokens, ListNeverShowsSecrets) {
  ServerProcess server;
  auto first = CreateToken(server, {"read"}, {}, "reader");
  auto second = CreateToken(server, {"ingest"}, {}, "writer");
  auto list = server.Request("GET", "/api/v1/tokens");
  ASSERT_EQ(list.status, 200);
  for (const std::string& secret : {server.admin_token(), first.secret, second.secret}) {
    EXPECT_THAT(list.body, Not(HasSubstr(secret)));
  }
  auto items = list.Json()["items"];
  ASSERT_EQ(items.size(), 3u);
  for (const auto& item : items) {
    EXPECT_FALSE(item.contains("token")) << item.dump();
    EXPECT_TRUE(item["id"].is_string());
    EXPECT_EQ(item["active"], true);
  }
}

TEST(Tokens, ApiRevocationTakesEffectAtOnce) {
  ServerProcess server;
  std::string endpoint = CreateEndpoint(server, "orders")["id"];
  auto token = CreateToken(server, {"read", "ingest"});
  // The revoked token's next request comes on a keep-alive connection that was already
  // authenticated once: nothing may be remembered per connection.
  HttpConnection connection(server.port());
  HeaderList auth = {{"Authorization", "Bearer " + token.secret}};
  ASSERT_EQ(connection.Send("GET", "/api/v1/endpoints", "", auth).status, 200);

  auto revoked = server.Request("DELETE", "/api/v1/tokens/" + token.id);
  ASSERT_EQ(revoked.status, 200) << revoked.body;

  auto after = connection.Send("GET", "/api/v1/endpoints", "", auth);
  EXPECT_TRUE(IsError(after, 401, "unauthenticated"));
  EXPECT_EQ(after.Header("www-authenticate").rfind("Bearer", 0), 0u);
  EXPECT_TRUE(IsError(server.RequestAs(token.secret, "POST", UploadPath(endpoint), "[]"), 401,
                      "unauthenticated"));

  auto tokens = server.Request("GET", "/api/v1/tokens").Json();
  bool listed = false;
  for (const auto& item : tokens["items"]) {
    if (item["id"] != token.id) continue;
    listed = true;
    EXPECT_EQ(item["active"], false);
    EXPECT_TRUE(item["revokedAt"].is_string());
  }
  EXPECT_TRUE(listed);
  EXPECT_TRUE(
      IsError(server.Request("DELETE", "/api/v1/tokens/0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), 404,
              "token-not-found"));
}

TEST(Tokens, CliRevocationWhileServerRunsTakesEffectAtOnce) {
  ServerProcess server;
  auto token = CreateToken(server, {"read"});
  HttpConnection connection(server.port());
  HeaderList auth = {{"Authorization", "Bearer " + token.secret}};
  ASSERT_EQ(connection.Send("GET", "/api/v1/endpoints", "", auth).status, 200);

  auto revoke = RunInlet({"token", "revoke", token.id, "--data-dir", server.data_dir()});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_THAT(revoke.out, HasSubstr(token.id));

  EXPECT_TRUE(
      IsError(connection.Send("GET", "/api/v1/endpoints", "", auth), 401, "unauthenticated"));
  // The admin token is untouched.
  EXPECT_EQ(server.Request("GET", "/api/v1/endpoints").status, 200);
}

TEST(Tokens, CliCreatePrintsAUsableSecret) {
  ServerProcess server;
  std::string endpoint = CreateEndpoint(server, "orders")["id"];
  auto created = RunInlet({"token", "create", "--data-dir", server.data_dir(), "--name", "pipeline",
                           "--scope", "ingest"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  // stdout holds the secret and nothing else, so scripts can capture it.
  std::string secret = Trim(created.out);
  ASSERT_THAT(secret, Not(HasSubstr("\n")));
  EXPECT_GE(secret.size(), 22u);
  EXPECT_TRUE(PassedAdmission(server.RequestAs(secret, "POST", UploadPath(endpoint), "[]")));
  EXPECT_TRUE(IsError(server.RequestAs(secret, "GET", "/api/v1/endpoints"), 403, "forbidden"));

  auto bad = RunInlet(
      {"token", "create", "--data-dir", server.data_dir(), "--name", "x", "--scope", "root"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("root"));
}

TEST(Tokens, CliListShowsTokensWithoutSecrets) {
  ServerProcess server;
  auto reader = CreateToken(server, {"read"}, {}, "dashboard");
  auto revoked = CreateToken(server, {"ingest"}, {}, "old-pipeline");
  ASSERT_EQ(server.Request("DELETE", "/api/v1/tokens/" + revoked.id).status, 200);

  auto list = RunInlet({"token", "list", "--data-dir", server.data_dir()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(reader.id));
  EXPECT_THAT(list.out, HasSubstr("dashboard"));
  EXPECT_THAT(list.out, HasSubstr(revoked.id));
  EXPECT_THAT(list.out, HasSubstr("revoked"));
  for (const std::string& secret : {server.admin_token(), reader.secret, revoked.secret}) {
    EXPECT_THAT(list.out, Not(HasSubstr(secret)));
    EXPECT_THAT(list.err, Not(HasSubstr(secret)));
  }
}

}  // namespace
}  // namespace inlet::testing
