// Authentication against a real SQLite store (tokens are looked up by hash on every
// call) and the scope/endpoint authorization that follows it.
#include "inlet/auth/authenticator.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "inlet/auth/token.h"
#include "inlet/common/uuid.h"
#include "inlet/store/sqlite_store.h"
#include "support/temp_dir.h"

namespace inlet::auth {
namespace {

constexpr int64_t kNow = 1764128806123;
constexpr const char* kEndpointA = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b";
constexpr const char* kEndpointB = "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2c";

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.data_dir = dir_.File("data");
    options.reader_connections = 2;
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(options);
    if (!opened.ok()) throw std::runtime_error("open store: " + opened.status().message());
    store_ = std::move(*opened);
    authenticator_ = std::make_unique<Authenticator>(*store_);
  }

  // Mints a token as the API would and stores it; returns the secret.
  MintedToken Mint(const std::string& name, std::vector<std::string> scopes,
                   std::optional<int64_t> expires_in_hours = std::nullopt,
                   std::vector<std::string> endpoints = {}) {
    TokenRequest request;
    request.name = name;
    request.scopes = std::move(scopes);
    request.expires_in_hours = expires_in_hours;
    request.endpoint_ids = std::move(endpoints);
    Result<MintedToken> minted = MintToken(request, kNow);
    if (!minted.ok()) throw std::runtime_error("mint: " + minted.status().message());
    Status inserted = store_->InsertToken(minted->record);
    if (!inserted.ok()) throw std::runtime_error("insert: " + inserted.message());
    return std::move(*minted);
  }

  inlet::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Authenticator> authenticator_;
};

TEST_F(AuthenticatorTest, ValidTokenYieldsItsPrincipal) {
  MintedToken token = Mint("pipeline", {"ingest", "read"}, std::nullopt, {kEndpointA});
  Result<Principal> principal = authenticator_->Authenticate("Bearer " + token.secret, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status().message();
  EXPECT_EQ(principal->token_id, token.record.id);
  EXPECT_EQ(principal->token_name, "pipeline");
  EXPECT_EQ(principal->scopes, (std::vector<std::string>{"ingest", "read"}));
  EXPECT_EQ(principal->endpoint_ids, std::vector<std::string>{kEndpointA});
}

TEST_F(AuthenticatorTest, SchemeCaseAndExtraSpacesDoNotMatter) {
  MintedToken token = Mint("pipeline", {"read"});
  EXPECT_TRUE(authenticator_->Authenticate("bearer " + token.secret, kNow).ok());
  EXPECT_TRUE(authenticator_->Authenticate("BEARER   " + token.secret, kNow).ok());
}

TEST_F(AuthenticatorTest, MissingHeader) {
  Result<Principal> principal = authenticator_->Authenticate("", kNow);
  ASSERT_FALSE(principal.ok());
  EXPECT_EQ(principal.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(principal.status().message_id(), "unauthenticated");
}

TEST_F(AuthenticatorTest, MalformedHeader) {
  MintedToken token = Mint("pipeline", {"read"});
  for (const std::string& header :
       std::vector<std::string>{"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b",
                                "Bearer" + token.secret, "Token " + token.secret}) {
    Result<Principal> principal = authenticator_->Authenticate(header, kNow);
    ASSERT_FALSE(principal.ok()) << header;
    EXPECT_EQ(principal.status().code(), StatusCode::kUnauthenticated) << header;
    EXPECT_EQ(principal.status().message_id(), "unauthenticated") << header;
  }
}

TEST_F(AuthenticatorTest, UnknownToken) {
  MintedToken token = Mint("pipeline", {"read"});
  // A secret one character off must not authenticate.
  std::string altered = token.secret;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  for (const std::string& secret : {altered, std::string("inlet_nobody"), token.secret + "x"}) {
    Result<Principal> principal = authenticator_->Authenticate("Bearer " + secret, kNow);
    ASSERT_FALSE(principal.ok()) << secret;
    EXPECT_EQ(principal.status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(principal.status().message_id(), "unauthenticated");
  }
}

TEST_F(AuthenticatorTest, RevokedTokenIsRefusedOnTheNextCall) {
  MintedToken token = Mint("pipeline", {"admin"});
  ASSERT_TRUE(authenticator_->Authenticate("Bearer " + token.secret, kNow).ok());
  ASSERT_TRUE(store_->RevokeToken(token.record.id, kNow + 1).ok());
  Result<Principal> principal = authenticator_->Authenticate("Bearer " + token.secret, kNow + 2);
  ASSERT_FALSE(principal.ok());
  EXPECT_EQ(principal.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(principal.status().message_id(), "unauthenticated");
}

TEST_F(AuthenticatorTest, ExpiryIsExclusiveOfTheLastMillisecond) {
  MintedToken token = Mint("short-lived", {"ingest"}, 1);
  const int64_t expires_at = kNow + 3600000;
  ASSERT_EQ(token.record.expires_at_ms, expires_at);
  std::string header = "Bearer " + token.secret;
  EXPECT_TRUE(authenticator_->Authenticate(header, expires_at - 1).ok());
  for (int64_t now : {expires_at, expires_at + 1, expires_at + 86400000}) {
    Result<Principal> principal = authenticator_->Authenticate(header, now);
    ASSERT_FALSE(principal.ok()) << now;
    EXPECT_EQ(principal.status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(principal.status().message_id(), "unauthenticated");
  }
}

TEST_F(AuthenticatorTest, EveryRefusalSaysWhy) {
  // All five are 401 "unauthenticated"; only the message tells the operator which case
  // it was, so no two may share a message.
  MintedToken revoked = Mint("old", {"read"});
  ASSERT_TRUE(store_->RevokeToken(revoked.record.id, kNow).ok());
  MintedToken expired = Mint("brief", {"read"}, 1);
  const int64_t later = kNow + 2 * 3600000;

  std::vector<std::string> messages;
  for (const std::string& header :
       {std::string(""), std::string("Basic abc"), std::string("Bearer inlet_unknown"),
        "Bearer " + revoked.secret, "Bearer " + expired.secret}) {
    Result<Principal> principal = authenticator_->Authenticate(header, later);
    ASSERT_FALSE(principal.ok()) << header;
    ASSERT_EQ(principal.status().code(), StatusCode::kUnauthenticated) << header;
    EXPECT_FALSE(principal.status().message().empty()) << header;
    messages.push_back(principal.status().message());
  }
  EXPECT_EQ(std::set<std::string>(messages.begin(), messages.end()).size(), messages.size());
  // Revoked and expired name the token so the operator can find it; neither echoes a secret.
  EXPECT_NE(messages[3].find("\"old\""), std::string::npos) << messages[3];
  EXPECT_NE(messages[3].find("revoked"), std::string::npos) << messages[3];
  EXPECT_NE(messages[4].find("\"brief\""), std::string::npos) << messages[4];
  EXPECT_NE(messages[4].find("expired"), std::string::npos) << messages[4];
  for (const auto& message : messages) {
    EXPECT_EQ(message.find(revoked.secret), std::string::npos) << message;
    EXPECT_EQ(message.find(expired.secret), std::string::npos) << message;
  }
}

// --- Authorize ---

Principal MakePrincipal(std::vector<std::string> scopes, std::vector<std::string> endpoints = {}) {
  return Principal{"0190a1b2-0000-4000-8000-000000000001", "ci", std::move(scopes),
                   std::move(endpoints)};
}

TEST(AuthorizeTest, MissingScopeIsForbidden) {
  Status status = Authorize(MakePrincipal({"read"}), Scope::kIngest);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message_id(), "forbidden");
  EXPECT_NE(status.message().find("ingest"), std::string::npos) << status.message();

  EXPECT_EQ(Authorize(MakePrincipal({"ingest"}), Scope::kRead).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(MakePrincipal({"ingest", "read"}), Scope::kAdmin).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(MakePrincipal({}), Scope::kRead).code(), StatusCode::kPermissionDenied);
}

TEST(AuthorizeTest, GrantedScopePasses) {
  EXPECT_TRUE(Authorize(MakePrincipal({"ingest"}), Scope::kIngest).ok());
  EXPECT_TRUE(Authorize(MakePrincipal({"read"}), Scope::kRead).ok());
  EXPECT_TRUE(Authorize(MakePrincipal({"admin"}), Scope::kIngest).ok());
  EXPECT_TRUE(Authorize(MakePrincipal({"admin"}), Scope::kRead).ok());
  EXPECT_TRUE(Authorize(MakePrincipal({"admin"}), Scope::kAdmin).ok());
}

TEST(AuthorizeTest, EndpointRestrictionIsHonoured) {
  Principal restricted = MakePrincipal({"ingest"}, {kEndpointA});
  EXPECT_TRUE(Authorize(restricted, Scope::kIngest, kEndpointA).ok());
  Status other = Authorize(restricted, Scope::kIngest, kEndpointB);
  EXPECT_EQ(other.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(other.message_id(), "forbidden");
  EXPECT_NE(other.message().find(kEndpointB), std::string::npos) << other.message();
  // Without an endpoint (e.g. listing) only the scope counts.
  EXPECT_TRUE(Authorize(restricted, Scope::kIngest).ok());
}

TEST(AuthorizeTest, RestrictionDoesNotWidenScopes) {
  Principal restricted = MakePrincipal({"read"}, {kEndpointA});
  EXPECT_EQ(Authorize(restricted, Scope::kIngest, kEndpointA).code(),
            StatusCode::kPermissionDenied);
}

TEST(AuthorizeTest, UnrestrictedTokenPassesAnyEndpoint) {
  Principal open = MakePrincipal({"ingest"});
  EXPECT_TRUE(Authorize(open, Scope::kIngest, kEndpointA).ok());
  EXPECT_TRUE(Authorize(open, Scope::kIngest, kEndpointB).ok());
  EXPECT_TRUE(Authorize(open, Scope::kIngest, NewUuidV4()).ok());
}

// --- managing tokens within one's own reach ---

store::TokenRecord TokenFor(std::vector<std::string> scopes, std::vector<std::string> endpoints) {
  store::TokenRecord token;
  token.name = "new";
  token.scopes = std::move(scopes);
  token.endpoint_ids = std::move(endpoints);
  return token;
}

TEST(AuthorizeTokenWithinTest, UnrestrictedAdminManagesAnyToken) {
  Principal admin = MakePrincipal({"admin"});
  EXPECT_TRUE(AuthorizeTokenWithin(admin, TokenFor({"admin"}, {})).ok());
  EXPECT_TRUE(AuthorizeTokenWithin(admin, TokenFor({"ingest", "read"}, {kEndpointB})).ok());
}

TEST(AuthorizeTokenWithinTest, NoScopeBeyondTheManagersOwn) {
  Principal reader = MakePrincipal({"read", "ingest"});
  EXPECT_TRUE(AuthorizeTokenWithin(reader, TokenFor({"read"}, {})).ok());
  Status wider = AuthorizeTokenWithin(reader, TokenFor({"read", "admin"}, {}));
  EXPECT_EQ(wider.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(wider.message_id(), "forbidden");
  EXPECT_NE(wider.message().find("admin"), std::string::npos) << wider.message();
}

TEST(AuthorizeTokenWithinTest, RestrictedManagerStaysWithinItsEndpoints) {
  Principal restricted = MakePrincipal({"admin"}, {kEndpointA});
  EXPECT_TRUE(AuthorizeTokenWithin(restricted, TokenFor({"admin"}, {kEndpointA})).ok());
  Status other = AuthorizeTokenWithin(restricted, TokenFor({"read"}, {kEndpointA, kEndpointB}));
  EXPECT_EQ(other.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(other.message().find(kEndpointB), std::string::npos) << other.message();
  // No list means every endpoint: wider than the manager's own.
  Status every = AuthorizeTokenWithin(restricted, TokenFor({"read"}, {}));
  EXPECT_EQ(every.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(every.message().find("every endpoint"), std::string::npos) << every.message();
}

TEST(AuthorizeUnrestrictedTest, OnlyATokenForEveryEndpointPasses) {
  EXPECT_TRUE(AuthorizeUnrestricted(MakePrincipal({"admin"}), "create endpoints").ok());
  Status restricted =
      AuthorizeUnrestricted(MakePrincipal({"admin"}, {kEndpointA}), "create endpoints");
  EXPECT_EQ(restricted.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(restricted.message().find("may not create endpoints"), std::string::npos)
      << restricted.message();
}

TEST(MayUseEndpointTest, ListedOrUnrestricted) {
  EXPECT_TRUE(MayUseEndpoint(MakePrincipal({"read"}), kEndpointB));
  EXPECT_TRUE(MayUseEndpoint(MakePrincipal({"read"}, {kEndpointA}), kEndpointA));
  EXPECT_FALSE(MayUseEndpoint(MakePrincipal({"read"}, {kEndpointA}), kEndpointB));
}

}  // namespace
}  // namespace inlet::auth
