// What ingestion leaves to look at (SPEC §3): the log (one row per receipt, messageId,
// property and level, with a count; filters; purge), the field profile (current when
// the 200 is sent, the same after a restart or a crash), the endpoint status, and
// clearing the preview.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

std::string NewEndpoint(const ServerProcess& server, const std::string& name) {
  return CreateEndpoint(server, name)["id"].get<std::string>();
}

std::vector<nlohmann::json> Logs(const ServerProcess& server, const std::string& endpoint_id,
                                 const std::string& query = "") {
  auto page = GetJson(server, "/api/v1/endpoints/" + endpoint_id + "/logs?limit=1000" +
                                  (query.empty() ? "" : "&" + query));
  std::vector<nlohmann::json> rows;
  for (const auto& row : page.value("items", nlohmann::json::array())) rows.push_back(row);
  EXPECT_TRUE(page["next"].is_null());
  return rows;
}

std::vector<std::string> LogMessageIds(const std::vector<nlohmann::json>& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row["messageId"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The fields answer keyed by name, and its raw text (samples keep numbers as sent).
struct Fields {
  std::map<std::string, nlohmann::json> by_name;
  std::string raw;
};

Fields GetFields(const ServerProcess& server, const std::string& endpoint_id) {
  HttpResponse response = server.Request("GET", "/api/v1/endpoints/" + endpoint_id + "/fields");
  EXPECT_EQ(response.status, 200) << response.body;
  Fields fields;
  fields.raw = response.body;
  nlohmann::json json = response.Json();
  for (const auto& item : json["items"]) fields.by_name[item["name"]] = item;
  return fields;
}

// The profile of the records of FieldsAreProfiledByTheTimeThe200IsSent.
void ExpectProfile(const Fields& fields) {
  ASSERT_EQ(fields.by_name.size(), 3u) << fields.raw;
  const auto& name = fields.by_name.at("name");
  EXPECT_EQ(name["count"], 4);
  EXPECT_EQ(name["emptyCount"], 1);
  EXPECT_EQ(name["distinctCount"], 2);
  EXPECT_EQ(name["distinctApproximate"], false);
  EXPECT_EQ(name["samples"], (nlohmann::json{"Ada", "Bob"}));
  const auto& city = fields.by_name.at("city");
  EXPECT_EQ(city["count"], 3);
  EXPECT_EQ(city["emptyCount"], 2);
  EXPECT_EQ(city["distinctCount"], 1);
  EXPECT_EQ(city["samples"], (nlohmann::json{"Oslo"}));
  const auto& n = fields.by_name.at("n");
  EXPECT_EQ(n["count"], 3);
  EXPECT_EQ(n["emptyCount"], 0);
  EXPECT_EQ(n["distinctCount"], 3);
  EXPECT_NE(fields.raw.find("\"samples\":[1,2,1.50]"), std::string::npos) << fields.raw;
}

const char kProfiledRecords[] =
    R"([{"name":"Ada","city":null,"n":1},{"name":"","city":"Oslo","n":2},)"
    R"({"name":"Ada","city":"","n":1.50},{"name":"Bob"}])";

TEST(IngestViews, OneLogRowForTheSameIssueInEveryRecord) {
  // The answer lists few issues; the log still counts every occurrence.
  ServerProcess server(ServeArgs({"--set", "limits.maxIssues=10"}));
  std::string id = NewEndpoint(server, "logs");
  std::string body = "[";
  for (int i = 0; i < 1000; ++i)
    body += (i ? "," : "") + std::string("{\"customer id\":") + std::to_string(i) + "}";
  body += "]";
  auto good = Upload(server, id, body);
  ASSERT_TRUE(IsEnvelope(good, 200));
  EXPECT_EQ(good.Json()["warnings"].size(), 10u);
  EXPECT_EQ(good.Json()["warningsOmitted"], 990);
  std::string good_receipt = good.Json()["receiptId"];

  auto rows = Logs(server, id);
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows[0];
  EXPECT_EQ(row["receiptId"], good_receipt);
  EXPECT_EQ(row["messageId"], "space-in-property");
  EXPECT_EQ(row["property"], "customer id");
  EXPECT_EQ(row["level"], "warning");
  EXPECT_EQ(row["stage"], "parsing");
  EXPECT_EQ(row["count"], 1000);
  EXPECT_EQ(row["rowIndexes"], (nlohmann::json{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_FALSE(row["message"].get<std::string>().empty());

  // A refused request adds its own rows; the filters tell them apart.
  auto bad = Upload(server, id, "[{\"k\":1},");
  ASSERT_TRUE(IsEnvelope(bad, 400));
  std::string bad_receipt = bad.Json()["receiptId"];
  auto mixed = Upload(server, id, R"([{"k":1},null])");
  ASSERT_TRUE(IsEnvelope(mixed, 200));
  std::string mixed_receipt = mixed.Json()["receiptId"];

  EXPECT_EQ(LogMessageIds(Logs(server, id)),
            (std::vector<std::string>{"empty-record", "invalid-json", "space-in-property"}));
  EXPECT_EQ(LogMessageIds(Logs(server, id, "level=warning")),
            std::vector<std::string>{"space-in-property"});
  EXPECT_EQ(LogMessageIds(Logs(server, id, "level=error")),
            (std::vector<std::string>{"empty-record", "invalid-json"}));
  EXPECT_EQ(LogMessageIds(Logs(server, id, "stage=request")),
            std::vector<std::string>{"invalid-json"});
  EXPECT_EQ(LogMessageIds(Logs(server, id, "stage=parsing")),
            (std::vector<std::string>{"empty-record", "space-in-property"}));
  EXPECT_EQ(LogMessageIds(Logs(server, id, "stage=parsing&level=error")),
            std::vector<std::string>{"empty-record"});
  EXPECT_TRUE(Logs(server, id, "stage=mapping").empty());
  auto for_bad = Logs(server, id, "receipt=" + bad_receipt);
  ASSERT_EQ(for_bad.size(), 1u);
  EXPECT_EQ(for_bad[0]["messageId"], "invalid-json");
  EXPECT_EQ(for_bad[0]["level"], "error");
  EXPECT_EQ(for_bad[0]["count"], 1);
  auto for_mixed = Logs(server, id, "receipt=" + mixed_receipt);
  ASSERT_EQ(for_mixed.size(), 1u);
  EXPECT_EQ(for_mixed[0]["messageId"], "empty-record");
  EXPECT_EQ(for_mixed[0]["rowIndexes"], (nlohmann::json{1}));
  EXPECT_EQ(LogMessageIds(Logs(server, id, "receipt=" + good_receipt)),
            std::vector<std::string>{"space-in-property"});
  EXPECT_EQ(server.Request("GET", "/api/v1/endpoints/" + id + "/logs?level=fatal").status, 400);

  auto purged = server.Request("DELETE", "/api/v1/endpoints/" + id + "/logs");
  EXPECT_EQ(purged.status, 200) << purged.body;
  EXPECT_TRUE(Logs(server, id).empty());
  // Purging the log leaves the records and receipts.
  EXPECT_EQ(AllRecords(server, id).size(), 1001u);
  EXPECT_EQ(AllReceipts(server, id).size(), 3u);
}

TEST(IngestViews, FieldsAreProfiledByTheTimeThe200IsSent) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "fields");
  EXPECT_TRUE(GetJson(server, "/api/v1/endpoints/" + id + "/fields")["items"].empty());
  ASSERT_TRUE(IsEnvelope(Upload(server, id, kProfiledRecords), 200));
  // No wait: the profile is current as of the commit the 200 reports.
  ExpectProfile(GetFields(server, id));
  // Rejected records and refused requests do not count.
  ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"name":"Eve","zzz":1},)"), 400));
  ExpectProfile(GetFields(server, id));
  // Dry runs store nothing, so profile nothing.
  ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"name":"Eve","zzz":1}])",
                                {{"Content-Type", "application/json"}}, "?dryRun=true"),
                         200));
  ExpectProfile(GetFields(server, id));
}

TEST(IngestViews, FieldsSurviveARestartAndACrash) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  std::string id;
  {
    ServerProcess server(ServeDataDir(data_dir));
    id = NewEndpoint(server, "fields");
    ASSERT_TRUE(IsEnvelope(Upload(server, id, kProfiledRecords), 200));
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitForExit(10000), 0) << server.Stderr();
  }
  {
    ServerProcess server(ServeDataDir(data_dir));
    ExpectProfile(GetFields(server, id));
    // Records committed but never saved into the profile (killed at once) are caught up
    // from the records at the next start.
    ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"name":"Cy","n":7}])"), 200));
    server.Signal(SIGKILL);
    server.WaitForExit(5000);
  }
  ServerProcess server(ServeDataDir(data_dir));
  Fields fields = GetFields(server, id);
  EXPECT_EQ(fields.by_name["name"]["count"], 5);
  EXPECT_EQ(fields.by_name["name"]["distinctCount"], 3);
  EXPECT_EQ(fields.by_name["name"]["samples"], (nlohmann::json{"Ada", "Bob", "Cy"}));
  EXPECT_EQ(fields.by_name["n"]["count"], 4);
  EXPECT_EQ(fields.by_name["city"]["count"], 3);
  EXPECT_NE(fields.raw.find("\"samples\":[1,2,1.50,7]"), std::string::npos) << fields.raw;
}

TEST(IngestViews, EndpointStatusMovesOnTheFirstAcceptedRecordOnly) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "status");
  auto status = [&] {
    return GetJson(server, "/api/v1/endpoints/" + id)["status"].get<std::string>();
  };
  EXPECT_EQ(status(), "no-data-sent");
  ASSERT_TRUE(IsEnvelope(Upload(server, id, "[null]"), 400));
  ASSERT_TRUE(IsEnvelope(Upload(server, id, "[{"), 400));
  ASSERT_TRUE(IsEnvelope(Upload(server, id, "[]"), 200));
  ASSERT_TRUE(IsEnvelope(
      Upload(server, id, R"([{"k":1}])", {{"Content-Type", "application/json"}}, "?dryRun=true"),
      200));
  ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"k":1}])", {{"Content-Type", "text/csv"}}), 415));
  EXPECT_EQ(status(), "no-data-sent");
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["recordCount"], 0);
  ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"k":1},null])"), 200));
  EXPECT_EQ(status(), "not-processed");
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["recordCount"], 1);
}

TEST(IngestViews, ClearingRecordsEmptiesThePreviewAndTheFields) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "clear");
  std::string other = NewEndpoint(server, "kept");
  ASSERT_TRUE(IsEnvelope(Upload(server, id, kProfiledRecords), 200));
  ASSERT_TRUE(IsEnvelope(Upload(server, other, kProfiledRecords), 200));
  ASSERT_EQ(AllRecords(server, id).size(), 4u);
  auto mapping = GetJson(server, "/api/v1/endpoints/" + id)["mapping"];
  ASSERT_TRUE(mapping.is_object());

  auto cleared = server.Request("DELETE", "/api/v1/endpoints/" + id + "/records");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(AllRecords(server, id).empty());
  EXPECT_TRUE(GetJson(server, "/api/v1/endpoints/" + id + "/fields")["items"].empty());
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["recordCount"], 0);
  // The mapping is kept, and the other endpoint is untouched.
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["mapping"], mapping);
  EXPECT_EQ(AllRecords(server, other).size(), 4u);
  ExpectProfile(GetFields(server, other));

  // New records after a clear start a fresh profile.
  ASSERT_TRUE(IsEnvelope(Upload(server, id, R"([{"name":"Zed"}])"), 200));
  Fields fields = GetFields(server, id);
  ASSERT_EQ(fields.by_name.size(), 1u) << fields.raw;
  EXPECT_EQ(fields.by_name["name"]["count"], 1);
  EXPECT_EQ(fields.by_name["name"]["samples"], (nlohmann::json{"Zed"}));
  EXPECT_EQ(AllRecords(server, id).size(), 1u);
}

}  // namespace
}  // namespace inlet::testing
