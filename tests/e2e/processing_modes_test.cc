// The processing modes end to end (SPEC §5): manual jobs, automatic processing that
// survives a kill, bridge endpoints that answer after the golden commit.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"

namespace inlet::testing {
namespace {

std::string Customers(int first, int count, const std::string& suffix = "") {
  nlohmann::json records = nlohmann::json::array();
  for (int i = first; i < first + count; ++i) {
    records.push_back({{"customerId", i},
                       {"name", "Customer " + std::to_string(i) + suffix},
                       {"email", "c" + std::to_string(i) + "@example.com"}});
  }
  return records.dump();
}

// Polls until `done` holds (10 s), for background work.
template <typename Predicate>
bool Eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(ProcessingModes, ManualJobsCreateSkipUnchangedTakeChangesAndReprocessAfterRemoval) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers")["id"];
  EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/endpoints/" + id + "/process"), 409,
                      "mapping-incomplete"));
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, Customers(1, 50)).status, 200);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["status"], "not-processed");

  auto job = ProcessAndWait(server, id);
  EXPECT_EQ(job["state"], "done");
  EXPECT_EQ(job["total"], 50);
  EXPECT_EQ(job["created"], 50);
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 50u);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["status"], "processed");

  // The same data again: every clue unchanged.
  ASSERT_EQ(Upload(server, id, Customers(1, 50)).status, 200);
  job = ProcessAndWait(server, id);
  EXPECT_EQ(job["total"], 100);
  EXPECT_EQ(job["unchanged"], 100);
  EXPECT_EQ(job["created"].get<int>() + job["merged"].get<int>() + job["failed"].get<int>(), 0);

  // One record with a new primary-identifier value: one new clue, one new golden record.
  ASSERT_EQ(
      Upload(server, id, R"([{"customerId":9001,"name":"New","email":"new@example.com"}])").status,
      200);
  job = ProcessAndWait(server, id);
  EXPECT_EQ(job["created"], 1);
  EXPECT_EQ(job["unchanged"], 100);
  EXPECT_EQ(EntityByCode(server, "/Customer#crm:9001")["name"], "New");

  // Newest first: what each request's records came to in the jobs that processed them.
  auto receipts = AllReceipts(server, id);
  ASSERT_EQ(receipts.size(), 3u);
  EXPECT_GE(receipts.back()["timesProcessed"], 1);
  EXPECT_EQ(receipts[2]["goldenRecords"],
            (nlohmann::json{{"created", 50}, {"merged", 0}, {"unchanged", 0}, {"failed", 0}}));
  EXPECT_EQ(receipts[1]["goldenRecords"],
            (nlohmann::json{{"created", 0}, {"merged", 0}, {"unchanged", 50}, {"failed", 0}}))
      << "the same records sent again";
  EXPECT_EQ(receipts[0]["goldenRecords"]["created"], 1);

  auto removal = RemoveAndWait(server, id);
  EXPECT_EQ(removal["state"], "done");
  EXPECT_EQ(removal["removed"], 51);
  EXPECT_TRUE(Entities(server, "type=/Customer").empty());
  EXPECT_EQ(AllRecords(server, id).size(), 101u) << "the preview stays";
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id + "/mapping")["primaryIdentifier"]["fields"],
            nlohmann::json({"customerId"}))
      << "the mapping stays";

  job = ProcessAndWait(server, id);
  EXPECT_EQ(job["created"], 51) << "removed records are processed again";
}

TEST(ProcessingModes, ASecondProcessCallWhileOneRunsIs409NamingTheJob) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, Customers(0, 3000)).status, 200);
  auto first = server.Request("POST", "/api/v1/endpoints/" + id + "/process");
  ASSERT_EQ(first.status, 202) << first.body;
  const std::string job_id = nlohmann::json::parse(first.body)["id"];
  auto second = server.Request("POST", "/api/v1/endpoints/" + id + "/process");
  EXPECT_TRUE(IsError(second, 409, "job-running"));
  EXPECT_NE(second.body.find(job_id), std::string::npos) << second.body;
  auto clear = server.Request("DELETE", "/api/v1/endpoints/" + id + "/records");
  EXPECT_TRUE(IsError(clear, 409, "job-running"));
  auto mode = server.Request("PATCH", "/api/v1/endpoints/" + id, R"({"mode":"automatic"})");
  EXPECT_TRUE(IsError(mode, 409, "job-running"));
  auto remapped =
      server.Request("PUT", "/api/v1/endpoints/" + id + "/mapping", CustomerMapping("crm").dump());
  EXPECT_TRUE(IsError(remapped, 409, "job-running"));

  auto job = WaitForJob(server, job_id);
  EXPECT_EQ(job["state"], "done");
  EXPECT_EQ(job["total"], 3000);
  EXPECT_EQ(job["created"], 3000);
  auto mapping =
      server.Request("PUT", "/api/v1/endpoints/" + id + "/mapping", CustomerMapping("crm").dump());
  EXPECT_EQ(mapping.status, 200) << "once the job ended, the mapping may change";
}

TEST(ProcessingModes, AutomaticEndpointsProcessSoonAfterThe200) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers", "CRM", "Sales", "automatic")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, Customers(1, 20)).status, 200);
  EXPECT_TRUE(Eventually([&] { return Entities(server, "type=/Customer").size() == 20; }));
  EXPECT_TRUE(Eventually(
      [&] { return GetJson(server, "/api/v1/endpoints/" + id)["status"] == "processed"; }));
}

TEST(ProcessingModes, AutomaticJobsSkipUnchangedTakeChangesAndReprocessAfterRemoval) {
  ServerProcess server(ServeArgs({"--set", "processing.startDelayMs=0"}));
  const std::string id = CreateEndpoint(server, "customers", "CRM", "Sales", "automatic")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  const std::string jobs = "/api/v1/endpoints/" + id + "/jobs";
  auto jobs_done = [&](size_t count) {
    auto items = GetJson(server, jobs)["items"];
    return items.size() == count && items[0]["state"] == "done";
  };
  ASSERT_EQ(Upload(server, id, Customers(1, 20)).status, 200);
  ASSERT_TRUE(Eventually([&] { return jobs_done(1); }));
  EXPECT_EQ(GetJson(server, jobs)["items"][0]["created"], 20);
  EXPECT_EQ(GetJson(server, jobs)["items"][0]["trigger"], "automatic");

  ASSERT_EQ(Upload(server, id, Customers(1, 20)).status, 200);
  ASSERT_TRUE(Eventually([&] { return jobs_done(2); }));
  auto again = GetJson(server, jobs)["items"][0];
  EXPECT_EQ(again["total"], 20) << "only the records after the watermark";
  EXPECT_EQ(again["unchanged"], 20);

  ASSERT_EQ(Upload(server, id, R"([{"customerId":500,"name":"New"}])").status, 200);
  ASSERT_TRUE(Eventually([&] { return jobs_done(3); }));
  EXPECT_EQ(GetJson(server, jobs)["items"][0]["created"], 1);
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 21u);

  EXPECT_EQ(RemoveAndWait(server, id)["removed"], 21);
  EXPECT_TRUE(Entities(server).empty());
  auto reprocessed = ProcessAndWait(server, id);
  EXPECT_EQ(reprocessed["total"], 41);
  EXPECT_EQ(reprocessed["created"], 21);
  EXPECT_EQ(reprocessed["unchanged"], 20);
}

TEST(ProcessingModes, AnAutomaticEndpointKeepsRecordsUntilItsMappingIsComplete) {
  ServerProcess server(ServeArgs({"--set", "processing.startDelayMs=0"}));
  const std::string id = CreateEndpoint(server, "customers", "CRM", "Sales", "automatic")["id"];
  ASSERT_EQ(Upload(server, id, Customers(1, 5)).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(Entities(server).empty());
  SetMapping(server, id, CustomerMapping("crm"));
  EXPECT_TRUE(Eventually([&] { return Entities(server).size() == 5; }));
}

TEST(ProcessingModes, SwitchingAManualEndpointToAutomaticProcessesWhatWaits) {
  ServerProcess server(ServeArgs({"--set", "processing.startDelayMs=0"}));
  const std::string id = CreateEndpoint(server, "customers")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, Customers(1, 7)).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(Entities(server).empty()) << "manual endpoints wait for a process call";
  auto patched = server.Request("PATCH", "/api/v1/endpoints/" + id, R"({"mode":"automatic"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(Eventually([&] { return Entities(server).size() == 7; }));
}

TEST(ProcessingModes, RecordsAcknowledgedBeforeAKillAreProcessedAfterRestart) {
  TempDir dir;
  const std::string data = dir.File("data");
  std::string id;
  {
    auto options = ServeDataDir(data);
    options.extra_args = {"--set", "processing.startDelayMs=600000"};
    ServerProcess server(options);
    id = CreateEndpoint(server, "customers", "CRM", "Sales", "automatic")["id"];
    SetMapping(server, id, CustomerMapping("crm"));
    ASSERT_EQ(Upload(server, id, Customers(1, 30)).status, 200);
    EXPECT_TRUE(Entities(server).empty()) << "the job waits for its start delay";
    server.Signal(SIGKILL);
    server.WaitForExit(10000);
  }
  ServerProcess restarted(ServeDataDir(data));
  EXPECT_TRUE(Eventually([&] { return Entities(restarted, "type=/Customer").size() == 30; }));
}

TEST(ProcessingModes, BridgeAnswersAfterTheGoldenRecordsAreCommittedAndKeepsNoRecords) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers", "CRM", "Sales", "bridge")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  auto answer = Upload(server, id, Customers(1, 10));
  ASSERT_EQ(answer.status, 200) << answer.body;
  // No waiting: the 200 came after the commit.
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 10u);
  EXPECT_TRUE(AllRecords(server, id).empty());
  auto receipts = AllReceipts(server, id);
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0]["accepted"], 10);
  EXPECT_EQ(receipts[0]["timesProcessed"], 1);
  EXPECT_EQ(receipts[0]["goldenRecords"],
            (nlohmann::json{{"created", 10}, {"merged", 0}, {"unchanged", 0}, {"failed", 0}}));
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["status"], "processed");
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["dataPartCount"], 10);

  // The same data again changes nothing; a new primary-identifier value is a new record.
  ASSERT_EQ(Upload(server, id, Customers(1, 10)).status, 200);
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 10u);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["dataPartCount"], 10);
  ASSERT_EQ(Upload(server, id, R"([{"customerId":1000,"name":"Changed"}])").status, 200);
  EXPECT_EQ(EntityByCode(server, "/Customer#crm:1000")["name"], "Changed");

  // A record the mapping cannot map is logged at stage mapping; the others go through.
  ASSERT_EQ(Upload(server, id, R"([{"name":"no id"},{"customerId":77}])").status, 200);
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 12u);
  auto logs = GetJson(server, "/api/v1/endpoints/" + id + "/logs?stage=mapping");
  ASSERT_EQ(logs["items"].size(), 1u) << logs.dump();
  EXPECT_EQ(logs["items"][0]["messageId"], "primary-identifier-missing");

  // Removing the endpoint's records empties the golden records; nothing is kept to
  // process again, but a new request goes straight through.
  EXPECT_EQ(RemoveAndWait(server, id)["removed"], 12);
  EXPECT_TRUE(Entities(server, "type=/Customer").empty());
}

TEST(ProcessingModes, DeletingAnEndpointWithProcessedDataNeedsForceAndTakesItsPartsOut) {
  ServerProcess server;
  const std::string id = CreateEndpoint(server, "customers")["id"];
  SetMapping(server, id, CustomerMapping("crm"));
  ASSERT_EQ(Upload(server, id, Customers(1, 3)).status, 200);
  ProcessAndWait(server, id);
  EXPECT_TRUE(IsError(server.Request("DELETE", "/api/v1/endpoints/" + id), 409,
                      "endpoint-has-processed-data"));
  EXPECT_EQ(server.Request("DELETE", "/api/v1/endpoints/" + id + "?force=true").status, 200);
  EXPECT_TRUE(Entities(server).empty());
}

}  // namespace
}  // namespace inlet::testing
