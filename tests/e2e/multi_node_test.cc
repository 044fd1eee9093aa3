// Several inlet nodes on one PostgreSQL database (SPEC §12): three real `inlet serve`
// processes, each with its own data directory, sharing a fresh database of the test
// cluster. Whatever a client does on one node, the others see.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/postgres_database.h"
#include "support/processing_client.h"  // CustomerMapping
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kNodes = 3;

class MultiNode : public ::testing::Test {
 protected:
  void SetUp() override {
    // All three at once on an empty database: they migrate it once between them.
    std::vector<std::future<std::unique_ptr<ServerProcess>>> starting;
    for (int i = 0; i < kNodes; ++i)
      starting.push_back(std::async(std::launch::async, [&] { return StartNode(); }));
    for (auto& node : starting) nodes_.push_back(node.get());
    // Each node that found no token minted an admin token into its own data directory.
    for (const auto& node : nodes_) {
      if (!node->admin_token().empty()) admin_ = node->admin_token();
    }
    ASSERT_FALSE(admin_.empty()) << "no node minted an admin token";
  }

  std::unique_ptr<ServerProcess> StartNode() {
    ServerProcess::Options options;
    options.postgres_url = database_.url();
    options.extra_args = {"--set", "processing.leaseMs=1000"};
    return std::make_unique<ServerProcess>(options);
  }

  ServerProcess& Node(size_t i) { return *nodes_[i % nodes_.size()]; }

  HttpResponse As(size_t node, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    return Node(node).RequestAs(admin_, method, target, body,
                                {{"Content-Type", "application/json"}});
  }

  Json JsonOf(size_t node, const std::string& target) {
    HttpResponse response = As(node, "GET", target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return response.status == 200 ? response.Json() : Json();
  }

  // A manual /Customer endpoint made on node 0, its mapping set.
  std::string NewEndpoint(const std::string& name) {
    HttpResponse created = As(0, "POST", "/api/v1/endpoints",
                              Json{{"name", name},
                                   {"source", "CRM"},
                                   {"group", "Sales"},
                                   {"mode", "manual"},
                                   {"mapping", {{"entityType", "/Customer"}}}}
                                  .dump());
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.Json()["id"];
    HttpResponse mapped =
        As(0, "PUT", "/api/v1/endpoints/" + id + "/mapping", CustomerMapping("crm").dump());
    EXPECT_EQ(mapped.status, 200) << mapped.body;
    return id;
  }

  HttpResponse Post(size_t node, const std::string& endpoint_id, const std::string& body,
                    HeaderList headers = {}) {
    headers.push_back({"Content-Type", "application/json"});
    return UploadAs(Node(node), admin_, endpoint_id, body, headers);
  }

  // Every preview record of the endpoint as node `node` reads them.
  std::set<std::string> CustomerIds(size_t node, const std::string& endpoint_id) {
    std::set<std::string> ids;
    std::string after;
    for (;;) {
      Json page = JsonOf(node, "/api/v1/endpoints/" + endpoint_id + "/records?limit=1000" +
                                   (after.empty() ? "" : "&after=" + after));
      for (const auto& item : page["items"]) {
        ids.insert(item["data"]["customerId"].dump());
      }
      if (!page.contains("next") || page["next"].is_null()) return ids;
      after = page["next"];
    }
  }

  // Every golden record of /Customer as node `node` reads them.
  std::vector<Json> Customers(size_t node) {
    std::vector<Json> all;
    std::string after;
    for (;;) {
      Json page = JsonOf(node, "/api/v1/entities?limit=1000&type=/Customer" +
                                   (after.empty() ? "" : "&after=" + after));
      for (auto& item : page["items"]) all.push_back(item);
      if (page["next"].is_null()) return all;
      after = page["next"];
    }
  }

  Json WaitForJobOn(size_t node, const std::string& job_id, int timeout_s = 120) {
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
    for (;;) {
      Json job = JsonOf(node, "/api/v1/jobs/" + job_id);
      if (job["state"] == "done" || job["state"] == "failed") return job;
      if (Clock::now() > deadline) return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  PostgresDatabase database_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  std::string admin_;
};

// Customers `first`… with emails shared every 500 customers, at `domain`.
std::string CustomerBatch(int first, int count, const std::string& domain = "example.com") {
  Json batch = Json::array();
  for (int i = first; i < first + count; ++i) {
    batch.push_back({{"customerId", i},
                     {"email", "c" + std::to_string(i % 500) + "@" + domain},
                     {"name", "Customer " + std::to_string(i)}});
  }
  return batch.dump();
}

TEST_F(MultiNode, RecordsPostedRoundRobinAreSeenFromEveryNode) {
  const std::string endpoint = NewEndpoint("round-robin");
  for (int request = 0; request < 12; ++request) {
    HttpResponse posted = Post(request, endpoint, CustomerBatch(request * 5, 5));
    ASSERT_EQ(posted.status, 200) << posted.body;
  }
  // The search index follows the records behind ingestion, one node at a time; once it
  // has caught up, every node searches the same index.
  const std::string search = "/api/v1/endpoints/" + endpoint + "/records?q=Customer%2042";
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (JsonOf(1, search)["indexLag"] != 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (size_t node = 0; node < kNodes; ++node) {
    SCOPED_TRACE("node " + std::to_string(node));
    EXPECT_EQ(CustomerIds(node, endpoint).size(), 60u);
    Json receipts = JsonOf(node, "/api/v1/endpoints/" + endpoint + "/receipts?limit=100");
    EXPECT_EQ(receipts["items"].size(), 12u);
    Json found = JsonOf(node, search);
    ASSERT_EQ(found["items"].size(), 1u) << found.dump();
    EXPECT_EQ(found["indexLag"], 0);
  }
}

TEST_F(MultiNode, ATokenRevokedOnOneNodeIsRefusedByTheOthersWithinASecond) {
  const std::string endpoint = NewEndpoint("revocation");
  HttpResponse created =
      As(0, "POST", "/api/v1/tokens", Json{{"name", "adf"}, {"scopes", {"ingest"}}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.Json()["token"];
  const std::string id = created.Json()["id"];
  for (size_t node = 0; node < kNodes; ++node) {
    EXPECT_EQ(
        UploadAs(Node(node), secret, endpoint, "[]", {{"Content-Type", "application/json"}}).status,
        200);
  }
  ASSERT_EQ(As(2, "DELETE", "/api/v1/tokens/" + id).status, 200);
  const auto revoked_at = Clock::now();
  for (size_t node : {0u, 1u}) {
    int status = 0;
    while (Clock::now() - revoked_at < std::chrono::seconds(1)) {
      status = UploadAs(Node(node), secret, endpoint, "[]", {{"Content-Type", "application/json"}})
                   .status;
      if (status == 401) break;
    }
    EXPECT_EQ(status, 401) << "node " << node << " still accepts the revoked token";
  }
}

TEST_F(MultiNode, OneIdempotencyKeySentToTwoNodesStoresOnce) {
  const std::string endpoint = NewEndpoint("idempotency");
  const std::string body = CustomerBatch(0, 50);
  for (int attempt = 0; attempt < 5; ++attempt) {
    const std::string key = "adf-run-" + std::to_string(attempt);
    auto on_a = std::async(std::launch::async, [&] {
      return Post(0, endpoint, body, {{"Idempotency-Key", key}});
    });
    auto on_b = std::async(std::launch::async, [&] {
      return Post(1, endpoint, body, {{"Idempotency-Key", key}});
    });
    HttpResponse a = on_a.get(), b = on_b.get();
    ASSERT_EQ(a.status, 200) << a.body;
    ASSERT_EQ(b.status, 200) << b.body;
    EXPECT_EQ(a.Json()["receiptId"], b.Json()["receiptId"]) << "one answer, replayed";
  }
  EXPECT_EQ(JsonOf(2, "/api/v1/endpoints/" + endpoint + "/receipts?limit=100")["items"].size(), 5u);
  EXPECT_EQ(JsonOf(2, "/api/v1/endpoints/" + endpoint)["recordCount"], 250);
}

TEST_F(MultiNode, AJobStartedOnOneNodeIsFollowedOnAnother) {
  const std::string endpoint = NewEndpoint("followed");
  ASSERT_EQ(Post(0, endpoint, CustomerBatch(0, 200)).status, 200);
  HttpResponse started = As(0, "POST", "/api/v1/endpoints/" + endpoint + "/process");
  ASSERT_EQ(started.status, 202) << started.body;
  Json job = WaitForJobOn(1, started.Json()["id"]);
  EXPECT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["total"], 200);
  EXPECT_EQ(Customers(2).size(), 200u);
}

// Two nodes process at once (their golden-record writes take turns); a consumer reading
// the feed from a third sees both nodes' changes in one increasing order, each golden
// record once with its latest state.
TEST_F(MultiNode, TheChangeFeedHoldsEveryNodesChangesInOneOrder) {
  const std::string on_a = NewEndpoint("feed-a");
  const std::string on_b = NewEndpoint("feed-b");
  ASSERT_EQ(Post(0, on_a, CustomerBatch(0, 500)).status, 200);
  ASSERT_EQ(Post(1, on_b, CustomerBatch(100000, 500, "other.example.com")).status, 200);
  HttpResponse a = As(0, "POST", "/api/v1/endpoints/" + on_a + "/process");
  HttpResponse b = As(1, "POST", "/api/v1/endpoints/" + on_b + "/process");
  ASSERT_EQ(a.status, 202) << a.body;
  ASSERT_EQ(b.status, 202) << b.body;
  EXPECT_EQ(WaitForJobOn(2, a.Json()["id"])["state"], "done");
  EXPECT_EQ(WaitForJobOn(2, b.Json()["id"])["state"], "done");

  std::set<std::string> ids;
  std::string cursor, last;
  for (int page = 0; page < 100; ++page) {
    Json answer =
        JsonOf(2, "/api/v1/changes?limit=1000" + (cursor.empty() ? "" : "&after=" + cursor));
    cursor = answer["next"];
    if (answer["items"].empty()) break;
    for (const auto& change : answer["items"]) {
      const std::string at = change["cursor"];
      EXPECT_LT(last, at) << "cursors increase";
      last = at;
      EXPECT_TRUE(ids.insert(change["entityId"].get<std::string>()).second)
          << "each golden record once: " << change["entityId"];
    }
  }
  // Each endpoint's 500 customers have emails of their own: 500 golden records each.
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_EQ(Customers(2).size(), 1000u);
}

// The node running a long job dies; another node takes the job over once its lease runs
// out and finishes it. Afterwards every acknowledged record is a part of exactly one
// golden record, and no code belongs to two.
TEST_F(MultiNode, AJobOfAKilledNodeIsFinishedByAnother) {
  const std::string endpoint = NewEndpoint("taken-over");
  constexpr int kRecords = 10000;
  for (int first = 0; first < kRecords; first += 2000) {
    HttpResponse posted = Post(first / 2000, endpoint, CustomerBatch(first, 2000));
    ASSERT_EQ(posted.status, 200) << posted.body;
  }
  HttpResponse started = As(0, "POST", "/api/v1/endpoints/" + endpoint + "/process");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string job_id = started.Json()["id"];
  // Killed once it has committed some of its work, well before the end.
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  for (;;) {
    Json job = JsonOf(1, "/api/v1/jobs/" + job_id);
    ASSERT_NE(job["state"], "done") << "the job ended before the node could be killed";
    if (job["done"].get<int64_t>() > 0) break;
    ASSERT_LT(Clock::now(), deadline) << job.dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Node(0).Signal(SIGKILL);
  EXPECT_EQ(Node(0).WaitForExit(10000), -2);

  Json job = WaitForJobOn(1, job_id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["total"], kRecords);

  std::map<std::string, std::string> owner;  // code -> golden record id
  size_t parts = 0;
  for (const Json& golden : Customers(1)) {
    for (const auto& code : golden["codes"]) {
      auto [it, fresh] = owner.emplace(code.get<std::string>(), golden["id"]);
      EXPECT_TRUE(fresh) << code << " belongs to " << it->second << " and " << golden["id"];
    }
    parts += golden["parts"].size();
  }
  EXPECT_EQ(parts, size_t{kRecords});
  EXPECT_EQ(CustomerIds(2, endpoint).size(), size_t{kRecords});
}

}  // namespace
}  // namespace inlet::testing
