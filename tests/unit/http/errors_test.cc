// The status table and the error body every failure answers with (errors.h, SPEC §2.4).
#include "inlet/http/errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "inlet/usecase/answer_status.h"

namespace inlet::http {
namespace {

using usecase::HttpStatusOf;

using nlohmann::json;

TEST(HttpStatusOfTest, EveryCodeHasItsStatus) {
  const std::vector<std::pair<StatusCode, int>> table = {
      {StatusCode::kOk, 200},
      {StatusCode::kInvalidArgument, 400},
      {StatusCode::kUnauthenticated, 401},
      {StatusCode::kPermissionDenied, 403},
      {StatusCode::kNotFound, 404},
      {StatusCode::kMethodNotAllowed, 405},
      {StatusCode::kConflict, 409},
      {StatusCode::kPayloadTooLarge, 413},
      {StatusCode::kUnsupportedMedia, 415},
      {StatusCode::kUnprocessable, 422},
      {StatusCode::kUnavailable, 503},
      {StatusCode::kStorageFull, 507},
      {StatusCode::kInternal, 500},
  };
  for (const auto& [code, status] : table) {
    EXPECT_EQ(HttpStatusOf(code), status) << static_cast<int>(code);
  }
}

// Parses the body and checks the envelope; returns the single issue.
json SingleIssue(const Response& response) {
  EXPECT_EQ(response.content_type, "application/json");
  json body = json::parse(response.body);
  EXPECT_TRUE(body.is_object());
  EXPECT_EQ(body.size(), 3u) << body.dump();
  EXPECT_EQ(body.at("success"), false);
  EXPECT_EQ(body.at("error"), true);
  EXPECT_TRUE(body.at("errors").is_array());
  EXPECT_EQ(body.at("errors").size(), 1u);
  return body.at("errors").at(0);
}

TEST(ErrorResponseTest, BodyShape) {
  Response response = ErrorResponse(
      Status::NotFound("endpoint-not-found", "no endpoint with this id; list them first"));
  EXPECT_EQ(response.status, 404);
  json issue = SingleIssue(response);
  json expected = {
      {"messageId", "endpoint-not-found"},
      {"errorMessage", "no endpoint with this id; list them first"},
      {"exception", "no endpoint with this id; list them first"},
      {"level", "error"},
      {"domain", "request"},
      {"rowIndex", -1},
      {"dataSetId", nullptr},
      {"receiptId", nullptr},
  };
  EXPECT_EQ(issue, expected) << issue.dump();
  EXPECT_TRUE(issue.at("rowIndex").is_number_integer());
}

TEST(ErrorResponseTest, EndpointIdFillsDataSetId) {
  Response response = ErrorResponse(Status::PermissionDenied("not this endpoint"),
                                    "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b");
  EXPECT_EQ(response.status, 403);
  json issue = SingleIssue(response);
  EXPECT_EQ(issue.at("dataSetId"), "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b");
  EXPECT_EQ(issue.at("messageId"), "forbidden");
  EXPECT_EQ(issue.at("receiptId"), nullptr);
}

TEST(ErrorResponseTest, UnauthenticatedCarriesWwwAuthenticateBearer) {
  Response response = ErrorResponse(Status::Unauthenticated("no token"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.headers.Get("WWW-Authenticate"), "Bearer");
  ASSERT_EQ(response.headers.fields().size(), 1u);
  EXPECT_EQ(SingleIssue(response).at("messageId"), "unauthenticated");

  // The raw overload adds it too: the header follows the status, not the factory.
  Response raw = ErrorResponse(401, "unauthenticated", "no token");
  EXPECT_EQ(raw.headers.Get("www-authenticate"), "Bearer");
}

TEST(ErrorResponseTest, UnavailableCarriesRetryAfterInSeconds) {
  Response response = ErrorResponse(Status::Unavailable("overloaded", "too busy; retry"));
  EXPECT_EQ(response.status, 503);
  std::string retry_after(response.headers.Get("Retry-After"));
  ASSERT_FALSE(retry_after.empty());
  // delay-seconds (RFC 9110 §10.2.3): digits only, and a positive wait.
  EXPECT_EQ(retry_after.find_first_not_of("0123456789"), std::string::npos) << retry_after;
  EXPECT_GT(std::stoi(retry_after), 0);
  EXPECT_FALSE(response.headers.Has("WWW-Authenticate"));
  EXPECT_EQ(SingleIssue(response).at("messageId"), "overloaded");

  Response raw = ErrorResponse(503, "shutting-down", "the server is stopping");
  EXPECT_TRUE(raw.headers.Has("retry-after"));
}

TEST(ErrorResponseTest, StorageFullIs507WithALongerRetryAfter) {
  Response response =
      ErrorResponse(Status(StatusCode::kStorageFull, "storage-full", "the disk is full"));
  EXPECT_EQ(response.status, 507);
  EXPECT_EQ(response.headers.Get("Retry-After"), "30");
  EXPECT_EQ(SingleIssue(response).at("messageId"), "storage-full");
}

TEST(ErrorResponseTest, OtherStatusesCarryNeitherHeader) {
  for (const Status& status :
       {Status::InvalidArgument("bad", "m"), Status::PermissionDenied("m"),
        Status::NotFound("nf", "m"), Status::Conflict("c", "m"),
        Status(StatusCode::kPayloadTooLarge, "body-too-large", "m"),
        Status(StatusCode::kUnsupportedMedia, "unsupported-media-type", "m"),
        Status(StatusCode::kUnprocessable, "idempotency-key-reused", "m"), Status::Internal("m")}) {
    Response response = ErrorResponse(status);
    EXPECT_EQ(response.status, HttpStatusOf(status.code()));
    EXPECT_TRUE(response.headers.fields().empty()) << response.status;
  }
}

TEST(ErrorResponseTest, StatusCodeMapsThroughTheTable) {
  for (StatusCode code :
       {StatusCode::kInvalidArgument, StatusCode::kConflict, StatusCode::kPayloadTooLarge,
        StatusCode::kUnsupportedMedia, StatusCode::kUnprocessable}) {
    Response response = ErrorResponse(Status(code, "some-id", "some message"));
    EXPECT_EQ(response.status, HttpStatusOf(code));
    json issue = SingleIssue(response);
    EXPECT_EQ(issue.at("messageId"), "some-id");
    EXPECT_EQ(issue.at("errorMessage"), "some message");
  }
}

TEST(ErrorResponseTest, InternalNeverLeaksItsMessage) {
  const std::string detail = "sqlite: disk I/O error in /var/lib/inlet/inlet.db (SELECT * FROM t)";
  Response response =
      ErrorResponse(Status::Internal(detail), "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("/var/lib"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("SELECT"), std::string::npos) << response.body;
  json issue = SingleIssue(response);
  EXPECT_EQ(issue.at("messageId"), "internal-error");
  EXPECT_FALSE(issue.at("errorMessage").get<std::string>().empty());
  EXPECT_EQ(issue.at("errorMessage"), issue.at("exception"));
  EXPECT_EQ(issue.at("dataSetId"), "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b");
}

TEST(ErrorResponseTest, InternalAnswerIsTheSameWhateverTheCause) {
  EXPECT_EQ(ErrorResponse(Status::Internal("a")).body, ErrorResponse(Status::Internal("b")).body);
  // Even an internal status with a custom id must not reveal that id.
  Response custom = ErrorResponse(Status(StatusCode::kInternal, "sql-constraint-x", "m"));
  EXPECT_EQ(SingleIssue(custom).at("messageId"), "internal-error");
}

TEST(ErrorResponseTest, MessageTextIsEscapedAndInvalidUtf8Replaced) {
  // Messages may quote client input; the body must stay valid JSON regardless.
  Response response =
      ErrorResponse(Status::InvalidArgument("bad", "key \"a\\b\"\n with \xff byte"));
  json issue = SingleIssue(response);
  EXPECT_EQ(issue.at("errorMessage"), "key \"a\\b\"\n with \xef\xbf\xbd byte");
}

}  // namespace
}  // namespace inlet::http
