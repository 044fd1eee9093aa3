// Token minting, scope checks and the Authorization header grammar of token.h.
#include "inlet/auth/token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/uuid.h"

namespace inlet::auth {
namespace {

// Reports the whole text when `part` is missing, so a failure shows the actual message.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << '"' << text << "\" does not contain \"" << part << '"';
}

constexpr int64_t kNow = 1764128806123;

TokenRequest Request(std::vector<std::string> scopes) {
  TokenRequest request;
  request.name = "pipeline";
  request.scopes = std::move(scopes);
  return request;
}

// --- ParseBearer ---

TEST(ParseBearerTest, SchemeInAnyCase) {
  EXPECT_EQ(ParseBearer("Bearer abc"), "abc");
  EXPECT_EQ(ParseBearer("bearer abc"), "abc");
  EXPECT_EQ(ParseBearer("BEARER abc"), "abc");
  EXPECT_EQ(ParseBearer("bEaReR abc"), "abc");
}

TEST(ParseBearerTest, OneOrMoreSpacesBeforeTheToken) {
  EXPECT_EQ(ParseBearer("Bearer    abc"), "abc");
}

TEST(ParseBearerTest, Token68CharactersAndTrailingPadding) {
  EXPECT_EQ(ParseBearer("Bearer inlet_AZaz09-._~+/"), "inlet_AZaz09-._~+/");
  EXPECT_EQ(ParseBearer("Bearer abc="), "abc=");
  EXPECT_EQ(ParseBearer("Bearer abc=="), "abc==");
}

TEST(ParseBearerTest, RejectsMissingOrMalformedValues) {
  for (const char* header :
       {"", "Bearer", "Bearer ", "Bearer    ", "Basic abc", "Bearerabc", "Bearer a b", "Bearer a=b",
        "Bearer =abc", "Bearer ===", " Bearer abc", "Bearer\tabc", "Token abc", "Bear abc",
        "Bearer a,b", "Bearer \"abc\""}) {
    EXPECT_EQ(ParseBearer(header), std::nullopt) << '"' << header << '"';
  }
}

TEST(ParseBearerTest, ReturnsAViewIntoTheHeader) {
  std::string header = "Bearer inlet_secret";
  auto token = ParseBearer(header);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->data(), header.data() + 7);
}

// --- scopes ---

TEST(ScopeTest, TextFormsRoundTrip) {
  EXPECT_EQ(ToString(Scope::kIngest), "ingest");
  EXPECT_EQ(ToString(Scope::kRead), "read");
  EXPECT_EQ(ToString(Scope::kAdmin), "admin");
  for (auto scope : {Scope::kIngest, Scope::kRead, Scope::kAdmin}) {
    EXPECT_EQ(ParseScope(ToString(scope)), scope);
  }
  EXPECT_EQ(ParseScope("Admin"), std::nullopt);
  EXPECT_EQ(ParseScope("write"), std::nullopt);
  EXPECT_EQ(ParseScope(""), std::nullopt);
}

TEST(GrantsTest, AdminIncludesEveryScope) {
  std::vector<std::string> admin = {"admin"};
  EXPECT_TRUE(Grants(admin, Scope::kAdmin));
  EXPECT_TRUE(Grants(admin, Scope::kIngest));
  EXPECT_TRUE(Grants(admin, Scope::kRead));
}

TEST(GrantsTest, ReadAndIngestAreSeparate) {
  EXPECT_TRUE(Grants({"read"}, Scope::kRead));
  EXPECT_FALSE(Grants({"read"}, Scope::kIngest));
  EXPECT_FALSE(Grants({"read"}, Scope::kAdmin));
  EXPECT_TRUE(Grants({"ingest"}, Scope::kIngest));
  EXPECT_FALSE(Grants({"ingest"}, Scope::kRead));
  EXPECT_FALSE(Grants({"ingest"}, Scope::kAdmin));
  EXPECT_TRUE(Grants({"ingest", "read"}, Scope::kRead));
  EXPECT_FALSE(Grants({"ingest", "read"}, Scope::kAdmin));
}

TEST(GrantsTest, NothingOrUnknownNamesGrantNothing) {
  EXPECT_FALSE(Grants({}, Scope::kRead));
  EXPECT_FALSE(Grants({"Admin", "superuser", ""}, Scope::kRead));
}

// --- MintToken ---

TEST(MintTokenTest, SecretIsPrefixedBase64UrlOf256Bits) {
  Result<MintedToken> minted = MintToken(Request({"ingest"}), kNow);
  ASSERT_TRUE(minted.ok()) << minted.status().message();
  const std::string& secret = minted->secret;
  ASSERT_TRUE(secret.starts_with("inlet_")) << secret;
  std::string body = secret.substr(6);
  // 43 characters carry 258 bits; 256 of them are random.
  ASSERT_EQ(body.size(), 43u) << secret;
  for (char c : body) {
    EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_')
        << secret;
  }
  // The last character holds the final 4 bits followed by two zero bits.
  EXPECT_NE(std::string("AEIMQUYcgkosw048").find(body.back()), std::string::npos) << secret;
  // What a client will send must also be what the header parser accepts.
  EXPECT_EQ(ParseBearer("Bearer " + secret), secret);
}

TEST(MintTokenTest, EveryMintIsFresh) {
  std::set<std::string> secrets;
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    Result<MintedToken> minted = MintToken(Request({"read"}), kNow);
    ASSERT_TRUE(minted.ok());
    secrets.insert(minted->secret);
    ids.insert(minted->record.id);
  }
  EXPECT_EQ(secrets.size(), 200u);
  EXPECT_EQ(ids.size(), 200u);
}

TEST(MintTokenTest, RecordHoldsOnlyTheHashOfTheSecret) {
  TokenRequest request = Request({"ingest", "read"});
  Result<MintedToken> minted = MintToken(request, kNow);
  ASSERT_TRUE(minted.ok());
  const store::TokenRecord& record = minted->record;
  EXPECT_EQ(record.secret_hash, Sha256(minted->secret));
  EXPECT_EQ(record.name, "pipeline");
  EXPECT_EQ(record.scopes, (std::vector<std::string>{"ingest", "read"}));
  EXPECT_TRUE(record.endpoint_ids.empty());
  EXPECT_EQ(record.created_at_ms, kNow);
  EXPECT_FALSE(record.expires_at_ms.has_value());
  EXPECT_FALSE(record.revoked_at_ms.has_value());
  // Token ids are version 4 UUIDs in canonical form.
  EXPECT_EQ(NormalizeUuid(record.id), record.id);
  EXPECT_EQ(record.id[14], '4');
}

TEST(MintTokenTest, DuplicateScopesCollapseInFirstSeenOrder) {
  Result<MintedToken> minted = MintToken(Request({"read", "admin", "read", "admin", "read"}), kNow);
  ASSERT_TRUE(minted.ok());
  EXPECT_EQ(minted->record.scopes, (std::vector<std::string>{"read", "admin"}));
}

TEST(MintTokenTest, UnknownScopeIsNamed) {
  Result<MintedToken> minted = MintToken(Request({"read", "write"}), kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(minted.status().message(), "\"write\""));
  EXPECT_TRUE(Contains(minted.status().message(), "scopes"));
}

TEST(MintTokenTest, ScopesAreCaseSensitive) {
  Result<MintedToken> minted = MintToken(Request({"Admin"}), kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(minted.status().message(), "\"Admin\""));
}

TEST(MintTokenTest, EmptyScopeListIsRejected) {
  Result<MintedToken> minted = MintToken(Request({}), kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(minted.status().message(), "scopes"));
}

TEST(MintTokenTest, EmptyNameIsRejected) {
  TokenRequest request = Request({"read"});
  request.name = "";
  Result<MintedToken> minted = MintToken(request, kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(minted.status().message(), "name"));
}

TEST(MintTokenTest, ExpiryIsHoursFromNow) {
  TokenRequest request = Request({"read"});
  request.expires_in_hours = 1;
  Result<MintedToken> one = MintToken(request, kNow);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->record.expires_at_ms, kNow + 3600000);

  request.expires_in_hours = 24 * 365;
  Result<MintedToken> year = MintToken(request, kNow);
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->record.expires_at_ms, kNow + int64_t{24 * 365} * 3600000);
}

TEST(MintTokenTest, NonPositiveExpiryIsRejected) {
  for (int64_t hours : {int64_t{0}, int64_t{-1}, int64_t{-8760}}) {
    TokenRequest request = Request({"read"});
    request.expires_in_hours = hours;
    Result<MintedToken> minted = MintToken(request, kNow);
    ASSERT_FALSE(minted.ok()) << hours;
    EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(minted.status().message(), "expiresInHours"));
  }
}

TEST(MintTokenTest, HugeExpiryIsRejectedRatherThanOverflowing) {
  // now + h * 3600000 overflows int64 long before INT64_MAX hours; an expiry in the
  // past by wrap-around would make a fresh token unusable.
  TokenRequest request = Request({"read"});
  request.expires_in_hours = INT64_MAX / 1000;
  Result<MintedToken> minted = MintToken(request, kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
}

TEST(MintTokenTest, EndpointIdsAreNormalizedToLowerCase) {
  TokenRequest request = Request({"ingest"});
  request.endpoint_ids = {"0190A1B2-C3D4-4E5F-8A6B-7C8D9E0F1A2B",
                          "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2c"};
  Result<MintedToken> minted = MintToken(request, kNow);
  ASSERT_TRUE(minted.ok()) << minted.status().message();
  EXPECT_EQ(minted->record.endpoint_ids,
            (std::vector<std::string>{"0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b",
                                      "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2c"}));
}

TEST(MintTokenTest, NonUuidEndpointIsRejectedAndNamed) {
  TokenRequest request = Request({"ingest"});
  request.endpoint_ids = {"0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b", "my-endpoint"};
  Result<MintedToken> minted = MintToken(request, kNow);
  ASSERT_FALSE(minted.ok());
  EXPECT_EQ(minted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(minted.status().message(), "\"my-endpoint\""));
  EXPECT_TRUE(Contains(minted.status().message(), "endpoints"));
}

}  // namespace
}  // namespace inlet::auth
