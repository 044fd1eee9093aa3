// Route matching by method and pattern (router.h): pure, no server needed.
#include "inlet/http/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace inlet::http {
namespace {

using Outcome = Router::Outcome;

// The management API's shape, in a small version: literals, placeholders, shared paths
// with several methods.
class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(router_.Add("GET", "/healthz"), kHealth);
    ASSERT_EQ(router_.Add("GET", "/api/v1/endpoints"), kList);
    ASSERT_EQ(router_.Add("POST", "/api/v1/endpoints"), kCreate);
    ASSERT_EQ(router_.Add("GET", "/api/v1/endpoints/{id}"), kGet);
    ASSERT_EQ(router_.Add("PUT", "/api/v1/endpoints/{id}"), kUpdate);
    ASSERT_EQ(router_.Add("DELETE", "/api/v1/endpoints/{id}"), kDelete);
    ASSERT_EQ(router_.Add("GET", "/api/v1/endpoints/{id}/logs/{level}"), kLogs);
    ASSERT_EQ(router_.Add("POST", "/upload/api/endpoint/{endpointId}"), kUpload);
  }

  static constexpr size_t kHealth = 0, kList = 1, kCreate = 2, kGet = 3, kUpdate = 4, kDelete = 5,
                          kLogs = 6, kUpload = 7;
  Router router_;
};

TEST_F(RouterTest, LiteralMatch) {
  Router::Match match = router_.Find("GET", "/healthz");
  EXPECT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kHealth);
  EXPECT_TRUE(match.params.empty());
  EXPECT_TRUE(match.allowed.empty());

  match = router_.Find("POST", "/api/v1/endpoints");
  EXPECT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kCreate);
}

TEST_F(RouterTest, PlaceholdersCaptureInPatternOrder) {
  Router::Match match = router_.Find("GET", "/api/v1/endpoints/abc-123");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kGet);
  EXPECT_EQ(match.params, std::vector<std::string>{"abc-123"});

  match = router_.Find("GET", "/api/v1/endpoints/e1/logs/warning");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kLogs);
  EXPECT_EQ(match.params, (std::vector<std::string>{"e1", "warning"}));

  match = router_.Find("DELETE", "/api/v1/endpoints/x");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kDelete);
  EXPECT_EQ(match.params, std::vector<std::string>{"x"});
}

TEST_F(RouterTest, OneTrailingSlashIsTolerated) {
  Router::Match match = router_.Find("GET", "/healthz/");
  EXPECT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kHealth);

  match = router_.Find("POST", "/upload/api/endpoint/0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b/");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kUpload);
  // The slash is not part of the captured value.
  EXPECT_EQ(match.params, std::vector<std::string>{"0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"});
}

TEST_F(RouterTest, TwoTrailingSlashesAreNotTolerated) {
  EXPECT_EQ(router_.Find("GET", "/healthz//").outcome, Outcome::kNoSuchPath);
}

TEST_F(RouterTest, EmptySegmentDoesNotMatchAPlaceholder) {
  EXPECT_EQ(router_.Find("GET", "/api/v1/endpoints//logs/error").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/api/v1/endpoints/e1/logs/").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("POST", "/upload/api/endpoint//").outcome, Outcome::kNoSuchPath);
  // "/api/v1/endpoints/" is the list route with its trailing slash, not {id} = "".
  Router::Match match = router_.Find("GET", "/api/v1/endpoints/");
  EXPECT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, kList);
}

TEST_F(RouterTest, LiteralSegmentsMustMatchExactly) {
  EXPECT_EQ(router_.Find("GET", "/Healthz").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/healthzz").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/api/v2/endpoints").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/api//v1/endpoints").outcome, Outcome::kNoSuchPath);
}

TEST_F(RouterTest, SegmentCountMustMatch) {
  EXPECT_EQ(router_.Find("GET", "/api/v1").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/api/v1/endpoints/e1/logs").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/api/v1/endpoints/e1/logs/error/more").outcome,
            Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "/").outcome, Outcome::kNoSuchPath);
  EXPECT_EQ(router_.Find("GET", "").outcome, Outcome::kNoSuchPath);
}

TEST_F(RouterTest, MethodMismatchListsTheAllowedMethods) {
  Router::Match match = router_.Find("PATCH", "/api/v1/endpoints/e1");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "PUT", "DELETE"}));
  EXPECT_TRUE(match.params.empty());

  match = router_.Find("DELETE", "/api/v1/endpoints");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));

  match = router_.Find("GET", "/upload/api/endpoint/e1");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, std::vector<std::string>{"POST"});
}

TEST_F(RouterTest, ALiteralSegmentWinsOverAPlaceholderWhateverTheOrder) {
  Router router;
  const size_t by_id = router.Add("GET", "/api/v1/entities/{id}");
  router.Add("DELETE", "/api/v1/entities/{id}");
  const size_t export_route = router.Add("GET", "/api/v1/entities/export");
  Router::Match match = router.Find("GET", "/api/v1/entities/export");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, export_route);
  EXPECT_TRUE(match.params.empty());
  match = router.Find("GET", "/api/v1/entities/e1");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, by_id);
  EXPECT_EQ(match.params, std::vector<std::string>{"e1"});
  // Another method on the literal path: the placeholder route answers it.
  match = router.Find("DELETE", "/api/v1/entities/export");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.params, std::vector<std::string>{"export"});
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  // RFC 9110 §9.1: method names are case-sensitive.
  Router::Match match = router_.Find("get", "/healthz");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, std::vector<std::string>{"GET"});
}

TEST_F(RouterTest, NoMatchIsNoSuchPath) {
  Router::Match match = router_.Find("GET", "/nowhere");
  EXPECT_EQ(match.outcome, Outcome::kNoSuchPath);
  EXPECT_TRUE(match.allowed.empty());
  EXPECT_TRUE(match.params.empty());
}

TEST_F(RouterTest, LabelIsMethodAndPattern) {
  EXPECT_EQ(router_.Label(kHealth), "GET /healthz");
  EXPECT_EQ(router_.Label(kGet), "GET /api/v1/endpoints/{id}");
  EXPECT_EQ(router_.Label(kLogs), "GET /api/v1/endpoints/{id}/logs/{level}");
  EXPECT_EQ(router_.Label(kUpload), "POST /upload/api/endpoint/{endpointId}");
}

TEST(RouterOrderTest, FirstAddedRouteWinsAndAllowedIsDeduplicated) {
  Router router;
  size_t literal = router.Add("GET", "/items/new");
  size_t placeholder = router.Add("GET", "/items/{id}");
  router.Add("POST", "/items/{id}");
  router.Add("POST", "/items/new");
  EXPECT_EQ(literal, 0u);
  EXPECT_EQ(placeholder, 1u);

  Router::Match match = router.Find("GET", "/items/new");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, literal);
  EXPECT_TRUE(match.params.empty());

  match = router.Find("GET", "/items/7");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route, placeholder);
  EXPECT_EQ(match.params, std::vector<std::string>{"7"});

  match = router.Find("PUT", "/items/new");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(RouterOrderTest, PlaceholderCapturesDecodedCharactersVerbatim) {
  // The server percent-decodes the path before routing, so a value may hold anything
  // but '/'.
  Router router;
  router.Add("GET", "/things/{name}");
  Router::Match match = router.Find("GET", "/things/a b%{}");
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.params, std::vector<std::string>{"a b%{}"});
}

TEST(RouterOrderTest, RootRoute) {
  Router router;
  router.Add("GET", "/");
  EXPECT_EQ(router.Find("GET", "/").outcome, Outcome::kFound);
  EXPECT_EQ(router.Find("GET", "/x").outcome, Outcome::kNoSuchPath);
}

}  // namespace
}  // namespace inlet::http
