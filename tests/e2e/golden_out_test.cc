// Golden records out (SPEC §11), on the real binary: what each request produced (its
// records' outcomes, the golden records with a part from an endpoint or a receipt) and the
// change feed (cursors kept across restarts and kill -9, merges as deletes, long polls
// woken by a job, expired cursors).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <set>

#include "inlet/common/uuid.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"
#include "support/store_access.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using nlohmann::json;

json Counts(int created, int merged, int unchanged, int failed) {
  return {{"created", created}, {"merged", merged}, {"unchanged", unchanged}, {"failed", failed}};
}

// Every outcome of a receipt, following "next" pages of `limit`.
std::vector<json> Outcomes(const ServerProcess& server, const std::string& receipt_id,
                           int limit = 2) {
  std::vector<json> all;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    json answer = GetJson(server, "/api/v1/receipts/" + receipt_id +
                                      "/outcomes?limit=" + std::to_string(limit) + after);
    EXPECT_EQ(answer["receiptId"], receipt_id);
    for (auto& item : answer["items"]) all.push_back(item);
    if (answer["next"].is_null()) return all;
    after = "&after=" + answer["next"].get<std::string>();
  }
  ADD_FAILURE() << "outcomes never end";
  return all;
}

std::set<std::string> Ids(const std::vector<json>& entities) {
  std::set<std::string> ids;
  for (const auto& entity : entities) ids.insert(entity["id"].get<std::string>());
  return ids;
}

const char kCrmRecords[] =
    R"([{"customerId":1,"name":"Ann","email":"ann@example.com"},
        {"customerId":2,"name":"Bob","email":"bob@example.com"},
        {"name":"No id","email":"none@example.com"},
        {"customerId":3,"name":"Cy","email":"cy@example.com"}])";
// Joins Ann and Bob (a merge of two golden records) and makes a new one.
const char kErpRecords[] =
    R"([{"accountNo":"A-1","name":"Ann and Bob","mail":"ann@example.com","mail2":"bob@example.com"},
        {"accountNo":"A-2","name":"Dee","mail":"dee@example.com"}])";

TEST(GoldenOut, OutcomesCountsAndTheGoldenRecordsARequestProduced) {
  ServerProcess server;
  const TwoSources sources = CreateTwoSources(server);
  auto crm_upload = Upload(server, sources.crm, kCrmRecords);
  ASSERT_EQ(crm_upload.status, 200) << crm_upload.body;
  const std::string crm_receipt = crm_upload.Json()["receiptId"];

  // Before processing: every record pending, the counts zero, nothing produced.
  auto pending = Outcomes(server, crm_receipt);
  ASSERT_EQ(pending.size(), 4u);
  for (size_t i = 0; i < pending.size(); ++i) {
    EXPECT_EQ(pending[i]["rowIndex"], i);
    EXPECT_EQ(pending[i]["outcome"], "pending");
    EXPECT_TRUE(pending[i]["entityId"].is_null());
    EXPECT_EQ(pending[i]["recordId"].get<std::string>().size(), 36u);
  }
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + crm_receipt)["goldenRecords"],
            Counts(0, 0, 0, 0));
  EXPECT_TRUE(Entities(server, "receipt=" + crm_receipt).empty());

  auto crm_job = ProcessAndWait(server, sources.crm);
  EXPECT_EQ(crm_job["created"], 3);
  EXPECT_EQ(crm_job["failed"], 1);
  auto outcomes = Outcomes(server, crm_receipt);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0]["outcome"], "created");
  EXPECT_EQ(outcomes[0]["entityId"], EntityByCode(server, "/Customer#crm:1")["id"]);
  EXPECT_EQ(outcomes[1]["outcome"], "created");
  EXPECT_EQ(outcomes[2]["rowIndex"], 2);
  EXPECT_EQ(outcomes[2]["outcome"], "failed") << "no customerId";
  EXPECT_TRUE(outcomes[2]["entityId"].is_null());
  EXPECT_EQ(outcomes[2]["recordId"], pending[2]["recordId"]);
  EXPECT_EQ(outcomes[3]["outcome"], "created");
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + crm_receipt)["goldenRecords"],
            Counts(3, 0, 0, 1));

  auto erp_upload = Upload(server, sources.erp, kErpRecords);
  ASSERT_EQ(erp_upload.status, 200) << erp_upload.body;
  const std::string erp_receipt = erp_upload.Json()["receiptId"];
  auto erp_job = ProcessAndWait(server, sources.erp);
  EXPECT_EQ(erp_job["merged"], 1);
  EXPECT_EQ(erp_job["created"], 1);
  auto erp_outcomes = Outcomes(server, erp_receipt, 100);
  ASSERT_EQ(erp_outcomes.size(), 2u);
  EXPECT_EQ(erp_outcomes[0]["outcome"], "merged");
  const json ann = EntityByCode(server, "/Customer#crm:1");
  EXPECT_EQ(erp_outcomes[0]["entityId"], ann["id"]);
  EXPECT_EQ(erp_outcomes[1]["outcome"], "created");
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + erp_receipt)["goldenRecords"],
            Counts(1, 1, 0, 0));
  // Bob's record went into a golden record merged away since: its outcome names the
  // survivor.
  EXPECT_EQ(Outcomes(server, crm_receipt)[1]["entityId"], ann["id"]);

  // What each endpoint and request produced.
  const json dee = EntityByCode(server, "/Customer#erp:A-2");
  const json cy = EntityByCode(server, "/Customer#crm:3");
  EXPECT_EQ(Ids(Entities(server, "endpoint=" + sources.erp)),
            (std::set<std::string>{ann["id"], dee["id"]}));
  EXPECT_EQ(Ids(Entities(server, "endpoint=" + sources.crm)),
            (std::set<std::string>{ann["id"], cy["id"]}));
  EXPECT_EQ(Ids(Entities(server, "receipt=" + crm_receipt)),
            (std::set<std::string>{ann["id"], cy["id"]}));
  EXPECT_EQ(Ids(Entities(server, "receipt=" + erp_receipt + "&endpoint=" + sources.erp)),
            (std::set<std::string>{ann["id"], dee["id"]}));
  // Both filters: a part from the ERP request and one from the CRM endpoint.
  EXPECT_EQ(Ids(Entities(server, "receipt=" + erp_receipt + "&endpoint=" + sources.crm)),
            (std::set<std::string>{ann["id"]}));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/entities?endpoint=" + NewUuidV4()), 404,
                      "endpoint-not-found"));
  EXPECT_TRUE(
      IsError(server.Request("GET", "/api/v1/entities?receipt=nope"), 404, "receipt-not-found"));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/receipts/" + NewUuidV4() + "/outcomes"), 404,
                      "receipt-not-found"));
  // A token limited to the CRM endpoint sees what it produced, not the ERP's.
  auto crm_reader = CreateToken(server, {"read"}, {sources.crm});
  EXPECT_EQ(
      server.RequestAs(crm_reader.secret, "GET", "/api/v1/entities?endpoint=" + sources.crm).status,
      200);
  EXPECT_TRUE(IsError(
      server.RequestAs(crm_reader.secret, "GET", "/api/v1/entities?endpoint=" + sources.erp), 403,
      "forbidden"));
  EXPECT_TRUE(IsError(
      server.RequestAs(crm_reader.secret, "GET", "/api/v1/receipts/" + erp_receipt + "/outcomes"),
      403, "forbidden"));

  // Removing the ERP's records makes them pending again.
  RemoveAndWait(server, sources.erp);
  for (const auto& outcome : Outcomes(server, erp_receipt))
    EXPECT_EQ(outcome["outcome"], "pending");
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + erp_receipt)["goldenRecords"],
            Counts(0, 0, 0, 0));
  EXPECT_TRUE(Entities(server, "endpoint=" + sources.erp).empty());
}

TEST(GoldenOut, ABridgeAnswerCountsWhatItsRecordsCameTo) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers", "CRM", "Sales", "bridge")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  const char body[] =
      R"([{"customerId":1,"email":"a@example.com"},{"customerId":2,"email":"a@example.com"},
          {"email":"b@example.com"}])";
  auto first = Upload(server, id, body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["goldenRecords"], Counts(1, 1, 0, 1));
  auto again = Upload(server, id, body);
  EXPECT_EQ(again.Json()["goldenRecords"], Counts(0, 0, 2, 1));
  // The receipt report agrees, and a replay under the same Idempotency-Key answers the same.
  const std::string receipt = first.Json()["receiptId"];
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + receipt)["goldenRecords"], Counts(1, 1, 0, 1));
  EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + receipt)["response"]["goldenRecords"],
            Counts(1, 1, 0, 1));
  const HeaderList keyed_headers = {{"Content-Type", "application/json"},
                                    {"Idempotency-Key", "k1"}};
  auto keyed = Upload(server, id, body, keyed_headers);
  auto replay = Upload(server, id, body, keyed_headers);
  EXPECT_EQ(replay.body, keyed.body);
  EXPECT_EQ(keyed.Json()["goldenRecords"], Counts(0, 0, 2, 1));
}

TEST(GoldenOut, ADryRunShowsTheIdentifiersEachRecordWouldProduce) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers")["id"];
  const char body[] =
      R"([{"customerId":1,"email":"a@example.com"},{"email":"b@example.com"},
          {"customerId":3,"email":""}])";
  // An incomplete mapping makes no identifiers: none are shown.
  auto incomplete =
      Upload(server, id, body, {{"Content-Type", "application/json"}}, "?dryRun=true");
  ASSERT_EQ(incomplete.status, 200) << incomplete.body;
  EXPECT_FALSE(incomplete.Json().contains("identifiers"));

  SetMapping(server, id, CustomerMapping("crm"));
  auto dry = Upload(server, id, body, {{"Content-Type", "application/json"}}, "?dryRun=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json identifiers = dry.Json()["identifiers"];
  ASSERT_EQ(identifiers.size(), 3u) << dry.body;
  EXPECT_EQ(
      identifiers[0],
      (json{{"rowIndex", 0}, {"codes", {"/Customer#crm:1", "/Customer#email:a@example.com"}}}));
  EXPECT_EQ(identifiers[1]["rowIndex"], 1);
  EXPECT_TRUE(identifiers[1]["codes"].empty());
  EXPECT_EQ(identifiers[1]["error"]["messageId"], "primary-identifier-missing");
  EXPECT_EQ(identifiers[2], (json{{"rowIndex", 2}, {"codes", {"/Customer#crm:3"}}}))
      << "an empty email makes no identifier";
  EXPECT_EQ(dry.Json()["identifiersOmitted"], 0);
  EXPECT_TRUE(AllReceipts(server, id).empty());
  EXPECT_TRUE(Entities(server).empty());
}

// Every change after `cursor` (all of them when empty), following "next"; `cursor` ends
// at the last "next".
std::vector<json> ReadFeed(const ServerProcess& server, std::string& cursor,
                           const std::string& extra = "") {
  std::vector<json> changes;
  for (int page = 0; page < 1000; ++page) {
    json answer = GetJson(
        server, "/api/v1/changes?limit=2" + (cursor.empty() ? "" : "&after=" + cursor) + extra);
    cursor = answer["next"];
    if (answer["items"].empty()) return changes;
    for (auto& item : answer["items"]) changes.push_back(item);
  }
  ADD_FAILURE() << "the feed never ends";
  return changes;
}

TEST(GoldenOut, TheChangeFeedDeliversEveryChangeOnceAndMergesAsDeletes) {
  ServerProcess server;
  const TwoSources sources = CreateTwoSources(server);
  std::string cursor;
  EXPECT_TRUE(ReadFeed(server, cursor).empty());
  EXPECT_EQ(cursor, "0000000000000000");

  ASSERT_EQ(Upload(server, sources.crm, kCrmRecords).status, 200);
  ProcessAndWait(server, sources.crm);
  auto first = ReadFeed(server, cursor);
  ASSERT_EQ(first.size(), 3u);
  std::set<std::string> seen_cursors;
  for (const auto& change : first) {
    EXPECT_EQ(change["op"], "upsert");
    EXPECT_EQ(change["entityType"], "/Customer");
    EXPECT_EQ(change["entity"]["id"], change["entityId"]);
    EXPECT_FALSE(change.contains("mergedInto"));
    seen_cursors.insert(change["cursor"].get<std::string>());
  }
  const json ann = EntityByCode(server, "/Customer#crm:1");
  const json bob = EntityByCode(server, "/Customer#crm:2");

  ASSERT_EQ(Upload(server, sources.erp, kErpRecords).status, 200);
  ProcessAndWait(server, sources.erp);
  auto second = ReadFeed(server, cursor);
  // Bob merged into Ann (the older): Bob's id deleted with where it went, Ann and the new
  // Dee upserted; each once, in cursor order.
  std::map<std::string, json> by_id;
  std::string previous_cursor;
  for (const auto& change : second) {
    EXPECT_TRUE(by_id.emplace(change["entityId"], change).second) << change.dump();
    EXPECT_GT(change["cursor"].get<std::string>(), previous_cursor);
    previous_cursor = change["cursor"];
    EXPECT_TRUE(seen_cursors.insert(previous_cursor).second);
  }
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_EQ(by_id[bob["id"]]["op"], "delete");
  EXPECT_EQ(by_id[bob["id"]]["mergedInto"], ann["id"]);
  EXPECT_FALSE(by_id[bob["id"]].contains("entity"));
  EXPECT_EQ(by_id[ann["id"]]["op"], "upsert");
  EXPECT_EQ(by_id[ann["id"]]["entity"]["mergedFrom"], json({bob["id"]}));
  EXPECT_EQ(by_id[ann["id"]]["entity"]["name"], "Ann and Bob");

  // From the start, a superseded upsert is not delivered: Ann's first one is gone.
  std::string from_start;
  auto all = ReadFeed(server, from_start);
  EXPECT_EQ(from_start, cursor);
  std::multiset<std::string> upserted;
  for (const auto& change : all) {
    if (change["op"] == "upsert") upserted.insert(change["entityId"].get<std::string>());
  }
  EXPECT_EQ(upserted.count(ann["id"]), 1u);
  EXPECT_EQ(upserted.count(bob["id"]), 0u) << "Bob's upsert is superseded by its delete";

  // A type filter: nothing of another type, and the cursor still moves to the end.
  std::string other_type;
  EXPECT_TRUE(ReadFeed(server, other_type, "&type=/Employee").empty());
  EXPECT_EQ(other_type, cursor);

  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/changes?after=12"), 400, "invalid-request"));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/changes?wait=61"), 400, "invalid-request"));
}

TEST(GoldenOut, ALongPollIsWokenByAJobAndAnEmptyOneEndsOnTime) {
  ServerProcess server;
  const TwoSources sources = CreateTwoSources(server);
  std::string cursor;
  ReadFeed(server, cursor);

  const auto started = std::chrono::steady_clock::now();
  auto empty = server.Request("GET", "/api/v1/changes?wait=1&after=" + cursor);
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(empty.Json()["items"].empty());
  EXPECT_EQ(empty.Json()["next"], cursor);
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5));

  auto poll = std::async(std::launch::async, [&] {
    return server.Request("GET", "/api/v1/changes?wait=30&after=" + cursor);
  });
  ASSERT_EQ(poll.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "nothing changed yet: the poll waits";
  const auto job_started = std::chrono::steady_clock::now();
  ASSERT_EQ(Upload(server, sources.crm, kCrmRecords).status, 200);
  ProcessAndWait(server, sources.crm);
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  auto woken = poll.get();
  EXPECT_LT(std::chrono::steady_clock::now() - job_started, std::chrono::seconds(10));
  ASSERT_EQ(woken.status, 200) << woken.body;
  EXPECT_FALSE(woken.Json()["items"].empty());
}

TEST(GoldenOut, AConsumerResumesAfterARestartAndAfterKill9WithNoGapOrDuplicate) {
  TempDir dir;
  std::string cursor;
  std::vector<std::string> delivered;
  TwoSources sources;
  auto consume = [&](const ServerProcess& server) {
    for (const auto& change : ReadFeed(server, cursor)) {
      delivered.push_back(change["cursor"].get<std::string>() + " " +
                          change["op"].get<std::string>() + " " +
                          change["entityId"].get<std::string>());
    }
  };
  {
    ServerProcess server(ServeDataDir(dir.path()));
    sources = CreateTwoSources(server);
    ASSERT_EQ(Upload(server, sources.crm, kCrmRecords).status, 200);
    ProcessAndWait(server, sources.crm);
    consume(server);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitForExit(20000), 0) << server.Stderr();
  }
  {
    ServerProcess server(ServeDataDir(dir.path()));
    consume(server);
    EXPECT_EQ(delivered.size(), 3u) << "nothing new after a restart";
    ASSERT_EQ(Upload(server, sources.erp, kErpRecords).status, 200);
    ProcessAndWait(server, sources.erp);
    server.Signal(SIGKILL);
    server.WaitForExit(20000);
  }
  ServerProcess server(ServeDataDir(dir.path()));
  consume(server);
  ASSERT_EQ(delivered.size(), 6u) << "the ERP job's three changes, once each";
  std::set<std::string> distinct(delivered.begin(), delivered.end());
  EXPECT_EQ(distinct.size(), delivered.size());
  EXPECT_TRUE(std::is_sorted(delivered.begin(), delivered.end()));
  // What a consumer rebuilt from the feed is what the server holds.
  std::set<std::string> live;
  for (const auto& line : delivered) {
    const std::string id = line.substr(line.rfind(' ') + 1);
    if (line.find(" upsert ") != std::string::npos) live.insert(id);
    if (line.find(" delete ") != std::string::npos) live.erase(id);
  }
  EXPECT_EQ(live, Ids(Entities(server, "type=/Customer")));
}

TEST(GoldenOut, ZeroChangesDaysTurnsTheFeedOff) {
  ServerProcess::Options options;
  options.env = {{"INLET_RETENTION_CHANGES_DAYS", "0"}};
  ServerProcess server(options);
  const TwoSources sources = CreateTwoSources(server);
  ASSERT_EQ(Upload(server, sources.crm, kCrmRecords).status, 200);
  EXPECT_EQ(ProcessAndWait(server, sources.crm)["created"], 3);
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/changes"), 404, "change-feed-off"));
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 3u) << "processing goes on without it";
}

TEST(GoldenOut, ACursorFromBeforeWhatRetentionRemovedIsGone) {
  TempDir dir;
  std::string cursor;
  {
    ServerProcess server(ServeDataDir(dir.path()));
    const TwoSources sources = CreateTwoSources(server);
    ASSERT_EQ(Upload(server, sources.crm, kCrmRecords).status, 200);
    ProcessAndWait(server, sources.crm);
    ReadFeed(server, cursor);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitForExit(20000), 0) << server.Stderr();
  }
  // What the retention pruner leaves behind once it removed the first two changes.
  ExecStoreSql(dir.path(),
               "DELETE FROM golden_changes WHERE seq <= 2; DELETE FROM store_meta WHERE name = "
               "'changes_pruned_through'; INSERT INTO store_meta (name, value) "
               "VALUES ('changes_pruned_through', 2)");
  ServerProcess server(ServeDataDir(dir.path()));
  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/changes?after=0000000000000001"), 410,
                      "cursor-expired"));
  auto at_the_cut = GetJson(server, "/api/v1/changes?after=0000000000000002");
  EXPECT_EQ(at_the_cut["items"].size(), 1u);
  EXPECT_EQ(GetJson(server, "/api/v1/changes")["items"].size(), 1u) << "the start is what is kept";
  EXPECT_EQ(GetJson(server, "/api/v1/changes?after=" + cursor)["items"].size(), 0u);
}

}  // namespace
}  // namespace inlet::testing
