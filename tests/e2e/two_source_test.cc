// The two-source scenario (issue 4): CRM and ERP customer endpoints that share an email
// identifier make merged golden records with provenance from both; removing the ERP
// records shrinks them back.
#include <gtest/gtest.h>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"

namespace inlet::testing {
namespace {

TEST(TwoSources, SharedEmailsMergeWithProvenanceAndRemovalShrinksThemBack) {
  ServerProcess server;
  const std::string crm = CreateEndpoint(server, "customers", "CRM")["id"];
  const std::string erp = CreateEndpoint(server, "customers", "ERP")["id"];
  SetMapping(server, crm, CustomerMapping("crm", "customerId", "email"));
  auto erp_mapping = CustomerMapping("erp", "accountNo", "mail");
  erp_mapping["modifiedDateField"] = "changedAt";
  SetMapping(server, erp, erp_mapping);

  ASSERT_EQ(
      Upload(
          server, crm,
          R"([{"customerId":1,"name":"Ann","email":"ann@example.com","city":"Oslo","modified":"2024-01-01"},
                       {"customerId":2,"name":"Bob","email":"bob@example.com","city":"Bergen"},
                       {"customerId":3,"name":"Cy","email":"","city":"Molde"}])")
          .status,
      200);
  ASSERT_EQ(
      Upload(
          server, erp,
          R"([{"accountNo":"A-10","name":"Ann Smith","mail":"ann@example.com","credit":"5000","changedAt":"2025-06-01T08:00:00Z"},
                       {"accountNo":"A-11","name":"Dee","mail":"dee@example.com","credit":"100"},
                       {"accountNo":"A-12","name":"Eve","mail":"","credit":"7"}])")
          .status,
      200);
  EXPECT_EQ(ProcessAndWait(server, crm)["created"], 3);
  auto erp_job = ProcessAndWait(server, erp);
  EXPECT_EQ(erp_job["merged"], 1);
  EXPECT_EQ(erp_job["created"], 2);

  // Ann: one golden record, both sources' codes and parts, each value with its origin.
  auto ann = EntityByCode(server, "/Customer#email:ann@example.com");
  EXPECT_EQ(ann["codes"], nlohmann::json({"/Customer#crm:1", "/Customer#email:ann@example.com",
                                          "/Customer#erp:A-10"}));
  EXPECT_EQ(ann["parts"].size(), 2u);
  EXPECT_EQ(ann["name"], "Ann Smith") << "ERP's record is the most recently modified";
  EXPECT_EQ(ann["properties"]["crm.customer.city"]["value"], "Oslo");
  EXPECT_EQ(ann["properties"]["crm.customer.city"]["endpointId"], crm);
  EXPECT_EQ(ann["properties"]["erp.customer.credit"]["value"], "5000");
  EXPECT_EQ(ann["properties"]["erp.customer.credit"]["endpointId"], erp);
  // Empty emails merge nothing: 3 + 3 records, one merge.
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 5u);

  auto removal = RemoveAndWait(server, erp);
  EXPECT_EQ(removal["removed"], 3);
  auto shrunk = EntityByCode(server, "/Customer#crm:1");
  EXPECT_EQ(shrunk["id"], ann["id"]);
  EXPECT_EQ(shrunk["codes"],
            nlohmann::json({"/Customer#crm:1", "/Customer#email:ann@example.com"}));
  EXPECT_EQ(shrunk["parts"].size(), 1u);
  EXPECT_EQ(shrunk["name"], "Ann");
  EXPECT_FALSE(shrunk["properties"].contains("erp.customer.credit"));
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 3u);
  EXPECT_TRUE(Entities(server, "q=Dee").empty());
}

TEST(TwoSources, AMergedAwayIdAnswersWithTheSurvivor) {
  ServerProcess server;
  const auto [crm, erp] = CreateTwoSources(server);
  ASSERT_EQ(
      Upload(
          server, crm,
          R"([{"customerId":1,"email":"a@example.com"},{"customerId":2,"email":"b@example.com"}])")
          .status,
      200);
  ProcessAndWait(server, crm);
  const std::string first = EntityByCode(server, "/Customer#crm:1")["id"];
  const std::string second = EntityByCode(server, "/Customer#crm:2")["id"];
  ASSERT_EQ(
      Upload(server, erp, R"([{"accountNo":"X","mail":"a@example.com","mail2":"b@example.com"}])")
          .status,
      200);
  EXPECT_EQ(ProcessAndWait(server, erp)["merged"], 1);
  auto survivor = GetJson(server, "/api/v1/entities/" + second);
  EXPECT_EQ(survivor["id"], first);
  EXPECT_EQ(survivor["mergedFrom"], nlohmann::json({second}));
  EXPECT_TRUE(
      IsError(server.Request("GET", "/api/v1/entities/00000000-0000-4000-8000-000000000000"), 404,
              "entity-not-found"));
}

}  // namespace
}  // namespace inlet::testing

namespace inlet::testing {
namespace {

TEST(TwoSources, OneReceiptCanBeRemovedAndEdgesReadBothWays) {
  ServerProcess server;
  const std::string crm = CreateEndpoint(server, "customers", "CRM")["id"];
  auto mapping = CustomerMapping("crm");
  mapping["edges"] = {{{"field", "manager"},
                       {"edgeType", "/ManagedBy"},
                       {"entityType", "/Employee"},
                       {"origin", "hr"}}};
  SetMapping(server, crm, mapping);
  auto first = Upload(server, crm, R"([{"customerId":1,"name":"Ann","manager":"7"}])");
  auto second = Upload(server, crm, R"([{"customerId":2,"name":"Bob","manager":"7"}])");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  ProcessAndWait(server, crm);

  auto employee = EntityByCode(server, "/Employee#hr:7");
  EXPECT_TRUE(employee["shadow"]);
  EXPECT_EQ(employee["edges"]["incoming"].size(), 2u);
  auto ann = EntityByCode(server, "/Customer#crm:1");
  ASSERT_EQ(ann["edges"]["outgoing"].size(), 1u);
  EXPECT_EQ(ann["edges"]["outgoing"][0]["id"], employee["id"]);
  EXPECT_EQ(ann["edges"]["outgoing"][0]["edgeType"], "/ManagedBy");
  EXPECT_EQ(Entities(server, "q=bob").size(), 1u) << "q matches names case-insensitively";

  const std::string receipt = first.Json()["receiptId"];
  auto removal = RemoveAndWait(server, crm, nlohmann::json({{"receiptId", receipt}}).dump());
  EXPECT_EQ(removal["removed"], 1);
  EXPECT_EQ(removal["receiptId"], receipt);
  EXPECT_TRUE(Entities(server, "code=" + QueryValue("/Customer#crm:1")).empty());
  EXPECT_EQ(Entities(server, "type=/Customer").size(), 1u);
  EXPECT_EQ(EntityByCode(server, "/Employee#hr:7")["edges"]["incoming"].size(), 1u);

  EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/endpoints/" + crm + "/remove-records",
                                     R"({"receiptId":"00000000-0000-7000-8000-000000000000"})"),
                      404, "receipt-not-found"));
}

}  // namespace
}  // namespace inlet::testing
