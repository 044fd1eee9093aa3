// Field profiles are bounded (SPEC §8): at most limits.profileFields names per endpoint,
// the values of further names counted together under "other" and logged once, samples
// of at most 200 characters, and GET …/fields paged like other lists.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

// `records` records of `per_record` fields each, every name distinct ("n<number>").
std::string DistinctNames(int first, int records, int per_record) {
  std::string body = "[";
  int name = first;
  for (int r = 0; r < records; ++r) {
    body += r ? ",{" : "{";
    for (int f = 0; f < per_record; ++f) {
      body += (f ? ",\"n" : "\"n") + std::to_string(name++) + "\":" + std::to_string(r);
    }
    body += "}";
  }
  return body + "]";
}

struct AllFields {
  std::vector<nlohmann::json> items;
  nlohmann::json other;
  int pages = 0;
};

// Every field, following "next" with `limit`.
AllFields ReadAllFields(const ServerProcess& server, const std::string& id, int limit) {
  AllFields all;
  std::string after;
  for (;;) {
    std::string target = "/api/v1/endpoints/" + id + "/fields?limit=" + std::to_string(limit);
    if (!after.empty()) target += "&after=" + after;
    auto page = GetJson(server, target);
    ++all.pages;
    for (const auto& item : page["items"]) all.items.push_back(item);
    all.other = page["other"];
    if (page["next"].is_null()) return all;
    EXPECT_LE(page["items"].size(), static_cast<size_t>(limit));
    std::string next = page["next"];
    EXPECT_NE(next, after) << "the cursor repeats";
    if (next == after) return all;
    after = next;
  }
}

int CountLines(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  int count = 0;
  for (std::string line; std::getline(lines, line);)
    count += line.find(needle) != std::string::npos;
  return count;
}

TEST(FieldProfileBounds, ThreeThousandDistinctNamesDoNotGrowTheProfilePastTheBound) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  std::string id;
  {
    ServerProcess server(ServeDataDir(data_dir));
    id = CreateEndpoint(server, "wide")["id"];
    // One body, 3,000 distinct names (10 records of 300: within limits.maxColumns).
    auto sent = Upload(server, id, DistinctNames(0, 10, 300));
    ASSERT_EQ(sent.status, 200) << sent.body.substr(0, 500);
    AllFields fields = ReadAllFields(server, id, 1000);
    EXPECT_EQ(fields.items.size(), 2000u);
    EXPECT_EQ(fields.pages, 2);
    ASSERT_TRUE(fields.other.is_object()) << fields.other.dump();
    EXPECT_EQ(fields.other["fieldCount"], 1000);
    EXPECT_EQ(fields.other["fieldCountApproximate"], false);
    EXPECT_EQ(fields.other["count"], 1000);
    EXPECT_EQ(fields.other["emptyCount"], 0);
    // More new names: still 2,000 profiled; the first overflow was logged, once.
    ASSERT_EQ(Upload(server, id, DistinctNames(5000, 10, 300)).status, 200);
    fields = ReadAllFields(server, id, 1000);
    EXPECT_EQ(fields.items.size(), 2000u);
    // Past 1,024 distinct names their count is estimated (within 2%).
    EXPECT_EQ(fields.other["fieldCountApproximate"], true);
    EXPECT_NEAR(fields.other["fieldCount"].get<double>(), 4000, 80);
    EXPECT_EQ(fields.other["count"], 4000);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitForExit(10000), 0);
    EXPECT_EQ(CountLines(server.Stderr(), "limits.profileFields"), 1) << server.Stderr();
    EXPECT_THAT(server.Stderr(), ::testing::HasSubstr(id));
  }
  // Saved with its other bucket, and loaded back within the bound.
  ServerProcess again(ServeDataDir(data_dir));
  AllFields fields = ReadAllFields(again, id, 1000);
  EXPECT_EQ(fields.items.size(), 2000u);
  EXPECT_EQ(fields.other["count"], 4000);
}

TEST(FieldProfileBounds, ALowerBoundFromTheConfiguration) {
  ServerProcess server(ServeArgs({"--set", "limits.profileFields=5"}));
  std::string id = CreateEndpoint(server, "narrow")["id"];
  ASSERT_EQ(Upload(server, id, DistinctNames(0, 2, 4)).status, 200);
  AllFields fields = ReadAllFields(server, id, 100);
  EXPECT_EQ(fields.items.size(), 5u);
  EXPECT_EQ(fields.other["count"], 3);
}

TEST(FieldProfileBounds, FieldsArePagedByNameWithoutGapsOrRepeats) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "paged")["id"];
  ASSERT_EQ(Upload(server, id, DistinctNames(0, 1, 23)).status, 200);
  AllFields fields = ReadAllFields(server, id, 5);
  EXPECT_EQ(fields.pages, 5);
  std::set<std::string> names;
  std::string previous;
  for (const auto& item : fields.items) {
    std::string name = item["name"];
    EXPECT_LT(previous, name);
    previous = name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 23u);
  EXPECT_TRUE(fields.other.is_null());
  // A bad limit is a 400, as on every list.
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/endpoints/" + id + "/fields?limit=0"), 400,
                      "invalid-request"));
}

TEST(FieldProfileBounds, SamplesAreCutTo200Characters) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "long")["id"];
  const std::string long_value(5000, 'x');
  ASSERT_EQ(Upload(server, id, R"([{"text":")" + long_value + R"(","n":1}])").status, 200);
  AllFields fields = ReadAllFields(server, id, 100);
  ASSERT_EQ(fields.items.size(), 2u);
  auto text = fields.items[1]["name"] == "text" ? fields.items[1] : fields.items[0];
  ASSERT_EQ(text["samples"].size(), 1u);
  std::string sample = text["samples"][0];
  EXPECT_EQ(sample.substr(0, 199), std::string(199, 'x'));
  EXPECT_EQ(sample.substr(199), "\xe2\x80\xa6");
}

}  // namespace
}  // namespace inlet::testing
