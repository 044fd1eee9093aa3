// The API handler over the real SQLite store with faults injected: what a client sees when
// the disk refuses a commit or a bug surfaces (SPEC §2.4 storage-unavailable, internal-error).
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "http/ingest_service.h"
#include "inlet/auth/authenticator.h"
#include "inlet/common/time.h"
#include "inlet/http/api.h"
#include "inlet/store/search_index.h"
#include "inlet/store/sqlite_store.h"
#include "support/faulty_store.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace inlet::http {
namespace {

class IngestFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.data_dir = dir_.File("data");
    auto real = store::OpenSqliteStore(options);
    ASSERT_TRUE(real.ok()) << real.status().message();
    real_ = std::move(*real);
    faulty_ = std::make_unique<testing::FaultyStore>(*real_);
    authenticator_ = std::make_unique<auth::Authenticator>(*faulty_);
    profiles_ = std::make_unique<usecase::FieldProfiles>(*faulty_);
    auto search = store::SearchIndex::Open(options.data_dir, *faulty_);
    ASSERT_TRUE(search.ok());
    search_ = std::move(*search);
    processor_ = std::make_unique<processing::Processor>(*faulty_, processing::ProcessorOptions{});
    ASSERT_TRUE(processor_->Start().ok());
    context_ = std::make_unique<ApiContext>(ApiContext{*faulty_, *authenticator_, metrics_, config_,
                                                       *profiles_, *search_, *processor_,
                                                       "http://127.0.0.1:1", "test"});
    handler_ = MakeApiHandler(*context_);

    store::NewEndpoint endpoint = store::testing::MakeEndpoint("customers", "CRM", "Sales");
    endpoint_id_ = endpoint.id;
    ASSERT_TRUE(faulty_->CreateEndpoint(endpoint).ok());
    auto minted = auth::MintToken({"test", {"admin"}, std::nullopt, {}}, NowUnixMillis());
    ASSERT_TRUE(minted.ok());
    token_ = minted->secret;
    ASSERT_TRUE(faulty_->InsertToken(minted->record).ok());
  }

  void TearDown() override {
    handler_->Drain();
    faulty_->Flush();
  }

  // One request through admission and handling, as the server would make it.
  Response Call(const std::string& method, const std::string& path, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    Request request;
    request.head.method = method;
    request.head.target = request.head.path = path;
    request.head.headers.Add("Authorization", "Bearer " + token_);
    request.head.headers.Add("Content-Type", "application/json");
    for (const auto& [name, value] : headers) request.head.headers.Add(name, value);
    request.head.content_length = body.size();
    Admission admission = handler_->Admit(request.head);
    if (admission.refusal) return *admission.refusal;
    request.body = body;
    request.admission_state = admission.state;
    std::promise<Response> answered;
    auto future = answered.get_future();
    handler_->Handle(std::move(request),
                     [&answered](Response response) { answered.set_value(std::move(response)); });
    return future.get();
  }

  std::string Upload() { return "/upload/api/endpoint/" + endpoint_id_; }

  testing::TempDir dir_;
  config::Config config_;
  MetricsRegistry metrics_;
  std::unique_ptr<store::Store> real_;
  std::unique_ptr<testing::FaultyStore> faulty_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<usecase::FieldProfiles> profiles_;
  std::unique_ptr<store::SearchIndex> search_;
  std::unique_ptr<processing::Processor> processor_;
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<Handler> handler_;
  std::string endpoint_id_;
  std::string token_;
};

TEST_F(IngestFailureTest, FailedCommitIs503StorageUnavailableAndKeepsNothing) {
  faulty_->Fail("Append", Status::Unavailable("storage-unavailable", "disk full"));
  Response response = Call("POST", Upload(), R"([{"a":1}])");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.headers.Get("Retry-After"), "1");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["success"], false);
  EXPECT_EQ(body["errors"][0]["messageId"], "storage-unavailable");
  EXPECT_TRUE(body["receiptId"].is_null());  // no receipt exists to point at
  faulty_->Fail("", Status::Ok());
  auto records = real_->ListRecords({1, std::nullopt, std::nullopt, std::nullopt, 10});
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST_F(IngestFailureTest, FullDiskCommitIs507StorageFullWithRetryAfterAndKeepsNothing) {
  faulty_->Fail("Append", Status(StatusCode::kStorageFull, "storage-full", "disk is full"));
  Response response = Call("POST", Upload(), R"([{"a":1}])");
  EXPECT_EQ(response.status, 507);
  EXPECT_EQ(response.headers.Get("Retry-After"), "30");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["success"], false);
  EXPECT_EQ(body["errors"][0]["messageId"], "storage-full");
  EXPECT_TRUE(body["receiptId"].is_null());
  EXPECT_EQ(response.headers.Get("X-Receipt-Id"), "");
}

TEST_F(IngestFailureTest, RefusalWhoseReceiptIsNotStoredAnswersTheStorageFailure) {
  // A body that does not decode is refused with a receipt; when that receipt's commit
  // fails, the answer must not point at a receipt that exists nowhere.
  faulty_->Fail("Append", Status(StatusCode::kStorageFull, "storage-full", "disk is full"));
  Response response = Call("POST", Upload(), "not gzip at all", {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(response.status, 507);
  EXPECT_EQ(nlohmann::json::parse(response.body)["errors"][0]["messageId"], "storage-full");
  EXPECT_EQ(response.headers.Get("X-Receipt-Id"), "");

  faulty_->Fail("Append", Status::Unavailable("storage-unavailable", "I/O error"));
  response = Call("POST", Upload(), "not gzip at all", {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.headers.Get("Retry-After"), "1");

  faulty_->Fail("", Status::Ok());
  response = Call("POST", Upload(), "not gzip at all", {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.headers.Get("X-Receipt-Id"), "");
}

TEST_F(IngestFailureTest, StoreBugIs500InternalErrorWithoutDetail) {
  faulty_->Fail("GetEndpoint", Status::Internal("SELECT broke at /var/lib/secret"));
  Response response = Call("POST", Upload(), R"([{"a":1}])");
  EXPECT_EQ(response.status, 500);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["errors"][0]["messageId"], "internal-error");
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST_F(IngestFailureTest, AnExceptionWhileStoringIsOne500AndTheServerGoesOn) {
  // Thrown after the answer was handed to the commit's callback: the client still gets
  // exactly one answer, and the process stays up.
  faulty_->Throw("Append");
  Response response = Call("POST", Upload(), R"([{"a":1}])");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(nlohmann::json::parse(response.body)["errors"][0]["messageId"], "internal-error");
  EXPECT_EQ(response.body.find("injected"), std::string::npos);
  faulty_->Fail("", Status::Ok());
  EXPECT_EQ(Call("POST", Upload(), R"([{"a":2}])").status, 200);
}

// SPEC §8: a key claimed by a request that failed is released, so its retry is processed.
TEST_F(IngestFailureTest, AnIdempotencyKeyClaimedByARequestThatThrewIsReleased) {
  faulty_->Throw("FindIdempotentAnswer");
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-throw"}};
  EXPECT_EQ(Call("POST", Upload(), R"([{"a":1}])", key).status, 500);
  faulty_->Fail("", Status::Ok());
  // Not 409 idempotency-key-in-flight for ever: the retry is processed.
  Response retry = Call("POST", Upload(), R"([{"a":1}])", key);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_FALSE(retry.headers.Has("Idempotent-Replayed"));
}

TEST_F(IngestFailureTest, AnIdempotencyKeyOfAFailedCommitIsProcessedOnRetryThenReplayed) {
  faulty_->Fail("Append", Status::Unavailable("storage-unavailable", "disk full"));
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-commit"}};
  EXPECT_EQ(Call("POST", Upload(), R"([{"a":1}])", key).status, 503);
  faulty_->Fail("", Status::Ok());
  Response retry = Call("POST", Upload(), R"([{"a":1}])", key);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_FALSE(retry.headers.Has("Idempotent-Replayed"));
  Response again = Call("POST", Upload(), R"([{"a":1}])", key);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.headers.Get("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.body, retry.body);
  auto records = real_->ListRecords({1, std::nullopt, std::nullopt, std::nullopt, 10});
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 1u);
}

TEST_F(IngestFailureTest, UnreadableTokenStoreIs503NotA401) {
  faulty_->Fail("FindTokenByHash", Status::Unavailable("storage-unavailable", "locked"));
  Response response = Call("POST", Upload(), R"([{"a":1}])");
  EXPECT_EQ(response.status, 503);
}

TEST_F(IngestFailureTest, ReadyzIs503WhenTheDatabaseRefusesWrites) {
  faulty_->Fail("CheckWritable", Status::Unavailable("storage-unavailable", "read-only"));
  Response response = Call("GET", "/readyz", "");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(nlohmann::json::parse(response.body)["errors"][0]["messageId"], "storage-unavailable");
  faulty_->Fail("", Status::Ok());
  EXPECT_EQ(Call("GET", "/readyz", "").status, 200);
}

}  // namespace
}  // namespace inlet::http

namespace inlet::http {
namespace {

// SPEC §2.1: shutting down is the first check, before the token: a request whose header
// completes after the stop began is refused, and nothing is stored for it.
TEST_F(IngestFailureTest, RequestDuringShutdownIs503ShuttingDownBeforeAnyOtherCheck) {
  Request request;
  request.head.method = "POST";
  request.head.target = request.head.path = Upload();
  request.head.shutting_down = true;  // no token at all: the 503 still comes first
  Admission admission = handler_->Admit(request.head);
  ASSERT_TRUE(admission.refusal);
  EXPECT_EQ(admission.refusal->status, 503);
  EXPECT_EQ(admission.refusal->headers.Get("Retry-After"), "1");
  auto body = nlohmann::json::parse(admission.refusal->body);
  EXPECT_EQ(body["errors"][0]["messageId"], "shutting-down");
  EXPECT_TRUE(body["receiptId"].is_null());
}

}  // namespace
}  // namespace inlet::http
