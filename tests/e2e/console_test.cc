// The console's files (SPEC §10) as the server answers them: without a token, with their
// types, an ETag a browser revalidates with, and headers that forbid scripts from
// anywhere but the server itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;

void ExpectConsoleHeaders(const HttpResponse& answer, const std::string& target) {
  EXPECT_EQ(answer.Header("content-security-policy"),
            "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      << target;
  EXPECT_EQ(answer.Header("x-content-type-options"), "nosniff") << target;
  EXPECT_EQ(answer.Header("referrer-policy"), "no-referrer") << target;
  EXPECT_EQ(answer.Header("cache-control"), "no-cache") << target;
  EXPECT_TRUE(std::regex_match(answer.Header("etag"), std::regex("\"[0-9a-f]{20}\"")))
      << target << ": " << answer.Header("etag");
}

TEST(Console, ThePageIsServedWithoutATokenAndRunsNoInlineScript) {
  ServerProcess server;
  for (const std::string target : {"/console/", "/console"}) {
    auto page = server.RequestAs("", "GET", target);
    ASSERT_EQ(page.status, 200) << target << " " << page.body;
    EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
    ExpectConsoleHeaders(page, target);
    EXPECT_THAT(page.body, HasSubstr(R"(<script type="module" src="/console/app.js"></script>)"));
    // Every script element loads a file of the server: none holds code of its own.
    std::regex script(R"(<script\b[^>]*>)");
    for (std::sregex_iterator it(page.body.begin(), page.body.end(), script), end; it != end;
         ++it) {
      EXPECT_THAT(it->str(), HasSubstr("src=\"/console/")) << it->str();
    }
    EXPECT_EQ(page.body.find(" on"), std::string::npos) << "an inline event handler";
  }
}

TEST(Console, EveryFileOfTheConsoleFolderIsServedWithItsType) {
  ServerProcess server;
  const std::filesystem::path root = std::filesystem::path(INLET_SOURCE_DIR) / "console";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    const std::string target = relative == "index.html" ? "/console/" : "/console/" + relative;
    auto answer = server.RequestAs("", "GET", target);
    ASSERT_EQ(answer.status, 200) << target;
    EXPECT_EQ(answer.body, ReadFile(entry.path().string())) << target;
    const std::map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                      {".js", "text/javascript; charset=utf-8"},
                                                      {".css", "text/css; charset=utf-8"},
                                                      {".svg", "image/svg+xml"}};
    EXPECT_EQ(answer.Header("content-type"), types.at(entry.path().extension().string())) << target;
    ExpectConsoleHeaders(answer, target);
    ++files;
  }
  EXPECT_GE(files, 5);
}

TEST(Console, ARevalidationWithTheSameETagIs304WithoutABody) {
  ServerProcess server;
  auto first = server.RequestAs("", "GET", "/console/app.js");
  ASSERT_EQ(first.status, 200);
  auto again =
      server.RequestAs("", "GET", "/console/app.js", "", {{"If-None-Match", first.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.Header("etag"), first.Header("etag"));
  auto changed =
      server.RequestAs("", "GET", "/console/app.js", "", {{"If-None-Match", "\"another\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, first.body);
}

TEST(Console, APathTheConsoleDoesNotHaveIsA404) {
  ServerProcess server;
  EXPECT_EQ(server.RequestAs("", "GET", "/console/nothing.js").status, 404);
  EXPECT_EQ(server.RequestAs("", "GET", "/console/../admin.token").status, 404);
}

}  // namespace
}  // namespace inlet::testing
