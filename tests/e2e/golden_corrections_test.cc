// Explaining and correcting golden records (SPEC §11), on the real binary: a golden
// record's history, unmerge, and keep-apart rules that hold through reprocessing and a
// record sent again until they are deleted.
#include <gtest/gtest.h>

#include <algorithm>

#include "inlet/common/uuid.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"

namespace inlet::testing {
namespace {

using nlohmann::json;

constexpr char kAnnCode[] = "/Customer#crm:1";
constexpr char kAccountCode[] = "/Customer#erp:A-1";
constexpr char kEmailCode[] = "/Customer#email:ann@example.com";

struct Sources {
  std::string crm, erp;
};

// CRM's Ann and ERP's account A-1 share an email: processing both merges them.
Sources MergedAnn(const ServerProcess& server) {
  Sources sources;
  sources.crm = CreateEndpoint(server, "customers", "CRM")["id"];
  sources.erp = CreateEndpoint(server, "customers", "ERP")["id"];
  SetMapping(server, sources.crm, CustomerMapping("crm"));
  SetMapping(server, sources.erp, CustomerMapping("erp", "accountNo", "mail"));
  EXPECT_EQ(Upload(server, sources.crm,
                   R"([{"customerId":1,"name":"Ann","email":"ann@example.com","city":"Oslo"},
                       {"customerId":2,"name":"Bob","email":"bob@example.com"}])")
                .status,
            200);
  EXPECT_EQ(Upload(server, sources.erp,
                   R"([{"accountNo":"A-1","name":"Ann Smith","mail":"ann@example.com",
                        "credit":"5000"}])")
                .status,
            200);
  EXPECT_EQ(ProcessAndWait(server, sources.crm)["created"], 2);
  EXPECT_EQ(ProcessAndWait(server, sources.erp)["merged"], 1);
  return sources;
}

std::string PartRecordOf(const json& entity, const std::string& endpoint_id) {
  for (const auto& part : entity["parts"]) {
    if (part["endpointId"] == endpoint_id) return part["recordId"];
  }
  ADD_FAILURE() << "no part from " << endpoint_id << " in " << entity.dump();
  return "";
}

HttpResponse Unmerge(const ServerProcess& server, const std::string& entity_id,
                     const std::string& endpoint_id, const std::string& record_id) {
  return server.Request(
      "POST", "/api/v1/entities/" + entity_id + "/unmerge",
      json{{"part", {{"endpointId", endpoint_id}, {"recordId", record_id}}}}.dump(),
      {{"Content-Type", "application/json"}});
}

// Every event of a golden record's history, following "next" pages of `limit`.
std::vector<json> History(const ServerProcess& server, const std::string& id, int limit = 3) {
  std::vector<json> all;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    json answer = GetJson(
        server, "/api/v1/entities/" + id + "/history?limit=" + std::to_string(limit) + after);
    EXPECT_EQ(answer["entityId"], id);
    for (auto& item : answer["items"]) all.push_back(item);
    if (answer["next"].is_null()) return all;
    after = "&after=" + answer["next"].get<std::string>();
  }
  ADD_FAILURE() << "history never ends";
  return all;
}

std::vector<std::string> Kinds(const std::vector<json>& events) {
  std::vector<std::string> kinds;
  for (const auto& event : events) kinds.push_back(event["kind"]);
  return kinds;
}

// The event of `kind` about `property` (the last such one); null when there is none.
json EventAbout(const std::vector<json>& events, const std::string& kind,
                const std::string& property) {
  json found;
  for (const auto& event : events) {
    if (event["kind"] == kind && event.value("property", "") == property) found = event;
  }
  return found;
}

TEST(GoldenCorrections, HistoryTellsHowAGoldenRecordCameToBeWithTheSourceOfEachValue) {
  ServerProcess server;
  const Sources sources = MergedAnn(server);
  const json ann = EntityByCode(server, kAnnCode);
  const std::string erp_record = PartRecordOf(ann, sources.erp);
  const std::string crm_record = PartRecordOf(ann, sources.crm);

  const auto events = History(server, ann["id"]);
  const auto kinds = Kinds(events);
  ASSERT_GE(kinds.size(), 4u);
  EXPECT_EQ(kinds.front(), "created");
  EXPECT_EQ(events.front()["part"], json({{"endpointId", sources.crm}, {"recordId", crm_record}}));
  EXPECT_EQ(events.front()["jobId"].get<std::string>().size(), 36u);
  // The created values come from CRM's record, then ERP's part adds its own.
  const json city = EventAbout(events, "property-changed", "crm.customer.city");
  ASSERT_TRUE(city.is_object()) << json(events).dump();
  EXPECT_EQ(city["to"], "Oslo");
  EXPECT_FALSE(city.contains("from"));
  EXPECT_EQ(city["part"]["recordId"], crm_record);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "part-added"), kinds.end());
  const json credit = EventAbout(events, "property-changed", "erp.customer.credit");
  ASSERT_TRUE(credit.is_object());
  EXPECT_EQ(credit["to"], "5000");
  EXPECT_EQ(credit["part"], json({{"endpointId", sources.erp}, {"recordId", erp_record}}));
  for (const auto& event : events) EXPECT_EQ(event["at"].get<std::string>().back(), 'Z');

  // A value that changes says what it was.
  ASSERT_EQ(Upload(server, sources.crm,
                   R"([{"customerId":1,"name":"Ann","email":"ann@example.com","city":"Bergen"}])")
                .status,
            200);
  ProcessAndWait(server, sources.crm);
  const auto later = History(server, ann["id"], 1000);
  const json moved = EventAbout(later, "property-changed", "crm.customer.city");
  EXPECT_EQ(moved["from"], "Oslo");
  EXPECT_EQ(moved["to"], "Bergen");
  EXPECT_EQ(History(server, ann["id"], 1).size(), later.size()) << "paging loses nothing";

  EXPECT_TRUE(IsError(server.Request("GET", "/api/v1/entities/" + NewUuidV4() + "/history"), 404,
                      "entity-not-found"));
}

TEST(GoldenCorrections, AMergedAwayRecordsHistoryEndsWithItsMerge) {
  ServerProcess server;
  const auto [crm, erp] = CreateTwoSources(server);
  ASSERT_EQ(Upload(server, crm,
                   R"([{"customerId":1,"name":"Ann","email":"ann@example.com"},
                       {"customerId":2,"name":"Bob","email":"bob@example.com"}])")
                .status,
            200);
  ProcessAndWait(server, crm);
  const std::string bob = EntityByCode(server, "/Customer#crm:2")["id"];
  ASSERT_EQ(Upload(server, erp,
                   R"([{"accountNo":"A-1","name":"Both","mail":"ann@example.com",
                        "mail2":"bob@example.com"}])")
                .status,
            200);
  ProcessAndWait(server, erp);
  const std::string survivor = EntityByCode(server, kAnnCode)["id"];
  ASSERT_NE(survivor, bob);

  const auto merged_away = History(server, bob);
  ASSERT_FALSE(merged_away.empty());
  EXPECT_EQ(merged_away.back()["kind"], "merged");
  EXPECT_EQ(merged_away.back()["mergedInto"], survivor);
  const auto kept = History(server, survivor);
  json merge;
  for (const auto& event : kept) {
    if (event["kind"] == "merged") merge = event;
  }
  EXPECT_EQ(merge["mergedFrom"], bob);
}

TEST(GoldenCorrections, UnmergeSplitsThePartOffAndKeepsItApartUntilTheRuleIsDeleted) {
  ServerProcess server;
  const Sources sources = MergedAnn(server);
  const json ann = EntityByCode(server, kAnnCode);
  const std::string erp_record = PartRecordOf(ann, sources.erp);
  const std::string erp_receipt = AllReceipts(server, sources.erp).front()["id"];

  auto answer = Unmerge(server, ann["id"], sources.erp, erp_record);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const json unmerged = answer.Json();
  EXPECT_EQ(unmerged["entityId"], ann["id"]);
  const std::string split = unmerged["unmergedEntityId"];
  EXPECT_NE(split, ann["id"]);

  // The part and what only it brought left; the shared email stayed.
  const json left = EntityByCode(server, kAnnCode);
  EXPECT_EQ(left["id"], ann["id"]);
  EXPECT_EQ(left["codes"], json({kAnnCode, kEmailCode}));
  EXPECT_EQ(left["parts"].size(), 1u);
  EXPECT_EQ(left["name"], "Ann");
  EXPECT_FALSE(left["properties"].contains("erp.customer.credit"));
  const json account = EntityByCode(server, kAccountCode);
  EXPECT_EQ(account["id"], split);
  EXPECT_EQ(account["codes"], json({kAccountCode}));
  EXPECT_EQ(account["name"], "Ann Smith");
  EXPECT_EQ(account["properties"]["erp.customer.credit"]["value"], "5000");
  EXPECT_EQ(EntityByCode(server, kEmailCode)["id"], ann["id"]);

  // A job of the ERP endpoint did it; the receipt's outcome follows the part.
  const json jobs = GetJson(server, "/api/v1/endpoints/" + sources.erp + "/jobs");
  EXPECT_EQ(jobs["items"][0]["kind"], "unmerge");
  EXPECT_EQ(jobs["items"][0]["state"], "done");
  EXPECT_EQ(jobs["items"][0]["id"], unmerged["jobId"]);
  EXPECT_EQ(
      GetJson(server, "/api/v1/receipts/" + erp_receipt + "/outcomes")["items"][0]["entityId"],
      split);

  // History on both sides, and both in the change feed.
  const auto ann_events = History(server, ann["id"]);
  EXPECT_EQ(EventAbout(ann_events, "unmerged", "")["part"]["recordId"], erp_record);
  const json lost = EventAbout(ann_events, "property-changed", "erp.customer.credit");
  EXPECT_EQ(lost["from"], "5000");
  EXPECT_FALSE(lost.contains("to"));
  const auto split_events = History(server, split);
  ASSERT_FALSE(split_events.empty());
  EXPECT_EQ(split_events.front()["kind"], "unmerged");
  EXPECT_EQ(split_events.front()["jobId"], unmerged["jobId"]);
  EXPECT_EQ(EventAbout(split_events, "property-changed", "erp.customer.credit")["to"], "5000");
  const json feed = GetJson(server, "/api/v1/changes?limit=1000");
  std::vector<std::string> upserted;
  for (const auto& item : feed["items"]) {
    if (item["op"] == "upsert") upserted.push_back(item["entityId"]);
  }
  EXPECT_NE(std::find(upserted.begin(), upserted.end(), split), upserted.end());
  EXPECT_NE(std::find(upserted.begin(), upserted.end(), ann["id"]), upserted.end());

  // The rule, by the two source records' primary codes.
  const json rules = GetJson(server, "/api/v1/rules/keep-apart");
  ASSERT_EQ(rules["items"].size(), 1u);
  const json rule = rules["items"][0];
  EXPECT_EQ(rule["id"], unmerged["ruleId"]);
  EXPECT_EQ(rule["unmerged"],
            json({{"code", kAccountCode}, {"endpointId", sources.erp}, {"recordId", erp_record}}));
  EXPECT_EQ(rule["keptApartFrom"]["code"], kAnnCode);
  EXPECT_EQ(rule["jobId"], unmerged["jobId"]);

  // Reprocessing both endpoints from nothing keeps them apart, in either order; the
  // email stays with whichever was processed first.
  for (const bool erp_first : {true, false}) {
    RemoveAndWait(server, sources.erp);
    RemoveAndWait(server, sources.crm);
    EXPECT_TRUE(Entities(server, "type=/Customer").empty());
    for (const std::string& endpoint : erp_first ? std::vector{sources.erp, sources.crm}
                                                 : std::vector{sources.crm, sources.erp}) {
      const json job = ProcessAndWait(server, endpoint);
      EXPECT_EQ(job["merged"], 0) << job.dump();
    }
    EXPECT_NE(EntityByCode(server, kAnnCode)["id"], EntityByCode(server, kAccountCode)["id"]);
    EXPECT_EQ(EntityByCode(server, kEmailCode)["id"],
              EntityByCode(server, erp_first ? kAccountCode : kAnnCode)["id"]);
  }

  // The same ERP record sent again stays apart too (the rule names its code).
  ASSERT_EQ(Upload(server, sources.erp,
                   R"([{"accountNo":"A-1","name":"Ann Smith","mail":"ann@example.com",
                        "credit":"6000"}])")
                .status,
            200);
  const json resent = ProcessAndWait(server, sources.erp);
  EXPECT_EQ(resent["merged"], 1) << "into its own golden record";
  EXPECT_EQ(EntityByCode(server, kAccountCode)["parts"].size(), 2u);
  EXPECT_EQ(EntityByCode(server, kAnnCode)["parts"].size(), 1u);

  // Deleted, the rule lets the next job of the ERP endpoint merge them again.
  EXPECT_EQ(
      server.Request("DELETE", "/api/v1/rules/keep-apart/" + rule["id"].get<std::string>()).status,
      204);
  EXPECT_TRUE(GetJson(server, "/api/v1/rules/keep-apart")["items"].empty());
  EXPECT_TRUE(
      IsError(server.Request("DELETE", "/api/v1/rules/keep-apart/" + rule["id"].get<std::string>()),
              404, "rule-not-found"));
  const json again = ProcessAndWait(server, sources.erp);
  EXPECT_GE(again["merged"], 1) << again.dump();
  EXPECT_EQ(EntityByCode(server, kAnnCode)["id"], EntityByCode(server, kAccountCode)["id"]);
  EXPECT_EQ(EntityByCode(server, kAnnCode)["parts"].size(), 3u);
}

TEST(GoldenCorrections, UnmergeRefusesWhatItCannotDo) {
  ServerProcess server;
  const Sources sources = MergedAnn(server);
  const json ann = EntityByCode(server, kAnnCode);
  const std::string erp_record = PartRecordOf(ann, sources.erp);
  const std::string bob = EntityByCode(server, "/Customer#crm:2")["id"];
  const std::string path = "/api/v1/entities/" + ann["id"].get<std::string>() + "/unmerge";
  const HeaderList json_type = {{"Content-Type", "application/json"}};

  EXPECT_TRUE(IsError(server.Request("POST", path, "{}", json_type), 400, "invalid-request"));
  EXPECT_TRUE(IsError(
      server.Request("POST", path, R"({"part":{"endpointId":"x","recordId":"1"}})", json_type), 400,
      "invalid-request"));
  EXPECT_TRUE(
      IsError(Unmerge(server, NewUuidV4(), sources.erp, erp_record), 404, "entity-not-found"));
  EXPECT_TRUE(
      IsError(Unmerge(server, ann["id"], NewUuidV4(), erp_record), 404, "endpoint-not-found"));
  EXPECT_TRUE(IsError(Unmerge(server, bob, sources.erp, erp_record), 404, "part-not-found"));
  EXPECT_TRUE(IsError(Unmerge(server, bob, sources.crm,
                              PartRecordOf(EntityByCode(server, "/Customer#crm:2"), sources.crm)),
                      409, "nothing-to-unmerge"));
  // Refused, it changed nothing; only an admin may unmerge.
  EXPECT_EQ(EntityByCode(server, kAnnCode)["parts"].size(), 2u);
  EXPECT_TRUE(GetJson(server, "/api/v1/rules/keep-apart")["items"].empty());
  const auto reader = CreateToken(server, {"read"});
  EXPECT_EQ(
      server
          .RequestAs(reader.secret, "POST", path,
                     json{{"part", {{"endpointId", sources.erp}, {"recordId", erp_record}}}}.dump(),
                     json_type)
          .status,
      403);
  EXPECT_EQ(server.RequestAs(reader.secret, "GET", "/api/v1/rules/keep-apart").status, 200);
  // An admin of the CRM endpoint alone may not take the ERP part out.
  const auto crm_admin = CreateToken(server, {"admin"}, {sources.crm});
  EXPECT_TRUE(
      IsError(server.RequestAs(
                  crm_admin.secret, "POST", path,
                  json{{"part", {{"endpointId", sources.erp}, {"recordId", erp_record}}}}.dump(),
                  json_type),
              403, "forbidden"));
  EXPECT_TRUE(IsError(
      server.RequestAs(crm_admin.secret, "DELETE", "/api/v1/rules/keep-apart/" + NewUuidV4()), 403,
      "forbidden"));
}

}  // namespace
}  // namespace inlet::testing
