// List answers are bounded in bytes (limits.pageBytes) as well as in items: a page ends
// early when its items reach the bound, at least one item per page, and its "next"
// continues from there, without gaps or repeats. Records (listed and searched), logs,
// receipts and golden records.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

constexpr size_t kPageBytes = 64 * 1024;  // the smallest bound allowed
// What a page adds around its items: braces, "next", indexLag.
constexpr size_t kPageOverhead = 200;

ServerProcess::Options SmallPages() {
  return ServeArgs({"--set", "limits.pageBytes=" + std::to_string(kPageBytes)});
}

struct Walk {
  std::set<std::string> ids;
  size_t items = 0;
  int pages = 0;
};

// Follows "next" from `target` (which already has a query) with limit=1000, checking
// every page against the bound; `id_members` make each item's identity.
Walk WalkPages(const ServerProcess& server, const std::string& target,
               const std::vector<std::string>& id_members = {"id"}) {
  Walk walk;
  std::string after;
  for (int guard = 0; guard < 1000; ++guard) {
    std::string url = target + "&limit=1000" + (after.empty() ? "" : "&after=" + after);
    HttpResponse response = server.Request("GET", url);
    EXPECT_EQ(response.status, 200) << url << ": " << response.body.substr(0, 300);
    if (response.status != 200) return walk;
    nlohmann::json page = response.Json();
    ++walk.pages;
    EXPECT_FALSE(page["items"].empty()) << url;
    if (page["items"].size() > 1) {
      EXPECT_LE(response.body.size(), kPageBytes + kPageOverhead) << url;
    }
    for (const auto& item : page["items"]) {
      ++walk.items;
      std::string identity;
      for (const auto& member : id_members) identity += item[member].dump() + " ";
      EXPECT_TRUE(walk.ids.insert(identity).second) << "repeated: " << identity;
    }
    if (page["next"].is_null()) return walk;
    after = page["next"];
  }
  ADD_FAILURE() << "paging did not end";
  return walk;
}

std::string RecordsOf(int count, size_t value_bytes, const std::string& tag) {
  std::string body = "[";
  for (int i = 0; i < count; ++i) {
    body += (i ? ",{" : "{") + std::string("\"customerId\":\"") + tag + std::to_string(i) +
            "\",\"name\":\"common " + tag + "\",\"blob\":\"" + std::string(value_bytes, 'b') +
            "\"}";
  }
  return body + "]";
}

TEST(PageBytes, RecordPagesEndAtTheByteBoundAndContinue) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "large")["id"];
  ASSERT_EQ(Upload(server, id, RecordsOf(60, 10 * 1024, "r")).status, 200);
  // 60 records of ~10 KiB: five or six per 64 KiB page, every one listed once.
  Walk walk = WalkPages(server, "/api/v1/endpoints/" + id + "/records?x=");
  EXPECT_EQ(walk.items, 60u);
  EXPECT_GE(walk.pages, 10);
}

TEST(PageBytes, ARecordLargerThanTheBoundIsSentAloneAndPagingGoesOn) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "huge")["id"];
  ASSERT_EQ(Upload(server, id, RecordsOf(3, 100, "s")).status, 200);
  ASSERT_EQ(Upload(server, id, RecordsOf(2, 200 * 1024, "h")).status, 200);
  ASSERT_EQ(Upload(server, id, RecordsOf(3, 100, "t")).status, 200);
  Walk walk = WalkPages(server, "/api/v1/endpoints/" + id + "/records?x=");
  EXPECT_EQ(walk.items, 8u);
  EXPECT_GE(walk.pages, 3);
}

TEST(PageBytes, SearchedRecordPagesAreBoundedToo) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "searched")["id"];
  ASSERT_EQ(Upload(server, id, RecordsOf(40, 10 * 1024, "q")).status, 200);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (GetJson(server, "/api/v1/endpoints/" + id + "/records?limit=1")["indexLag"] != 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Walk walk = WalkPages(server, "/api/v1/endpoints/" + id + "/records?q=common");
  EXPECT_EQ(walk.items, 40u);
  EXPECT_GE(walk.pages, 7);
}

TEST(PageBytes, LogPagesAreBounded) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "logs")["id"];
  // 400 properties with a space: one warning log row per property and upload.
  std::string record = "{";
  for (int i = 0; i < 400; ++i) {
    record += (i ? ",\"p " : "\"p ") + std::to_string(i) + "\":1";
  }
  record += "}";
  for (int upload = 0; upload < 2; ++upload) {
    ASSERT_EQ(Upload(server, id, "[" + record + "]").status, 200);
  }
  Walk walk = WalkPages(server, "/api/v1/endpoints/" + id + "/logs?x=", {"receiptId", "property"});
  // Each property twice (one row per upload): identities are the property and receipt.
  EXPECT_EQ(walk.items, 800u);
  EXPECT_GE(walk.pages, 3);
}

TEST(PageBytes, ReceiptPagesAreBounded) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "receipts")["id"];
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(Upload(server, id, R"([{"n":1}])").status, 200);
  }
  Walk walk = WalkPages(server, "/api/v1/endpoints/" + id + "/receipts?x=");
  EXPECT_EQ(walk.items, 300u);
  EXPECT_GE(walk.pages, 2);
}

TEST(PageBytes, GoldenRecordPagesAreBounded) {
  ServerProcess server(SmallPages());
  std::string id = CreateEndpoint(server, "golden")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, RecordsOf(30, 10 * 1024, "g")).status, 200);
  ProcessAndWait(server, id);
  Walk walk = WalkPages(server, "/api/v1/entities?x=");
  EXPECT_EQ(walk.items, 30u);
  EXPECT_GE(walk.pages, 5);
}

}  // namespace
}  // namespace inlet::testing
