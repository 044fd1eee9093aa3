// Exporting golden records (SPEC §11) on the real binary: NDJSON and CSV streamed with
// chunked transfer, CSV quoting of commas, quotes and newlines, the type filter, and the
// change feed's position to follow on from.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"

namespace inlet::testing {
namespace {

using nlohmann::json;

// RFC 4180: rows of fields; a quoted field may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, at_field_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      at_field_start = false;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      at_field_start = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      at_field_start = true;
      ++i;
    } else {
      field.push_back(c);
      at_field_start = false;
    }
  }
  EXPECT_TRUE(field.empty() && row.empty()) << "the CSV ends with CRLF";
  return rows;
}

class GoldenExport : public ::testing::Test {
 protected:
  void SetUp() override {
    crm_ = CreateEndpoint(server_, "customers", "CRM")["id"];
    SetMapping(server_, crm_, CustomerMapping("crm"));
    ASSERT_EQ(
        Upload(server_, crm_,
               R"([{"customerId":1,"name":"Ann","email":"ann@example.com","city":"Oslo, Norway"},
                         {"customerId":2,"name":"Bob \"the builder\"","email":"bob@example.com","note":"line one\nline two\r\nthree"},
                         {"customerId":3,"name":"Cy","email":"cy@example.com","city":"Bergen","note":"plain"}])")
            .status,
        200);
    ProcessAndWait(server_, crm_);
  }

  ServerProcess server_;
  std::string crm_;
};

TEST_F(GoldenExport, NdjsonIsOneEntityPerLineStreamedInChunks) {
  auto answer = server_.Request("GET", "/api/v1/entities/export?format=ndjson&type=/Customer");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.Header("content-type"), "application/x-ndjson");
  EXPECT_EQ(answer.Header("transfer-encoding"), "chunked");
  EXPECT_EQ(answer.Header("content-length"), "");
  std::istringstream lines(answer.body);
  std::set<std::string> ids;
  std::string line;
  while (std::getline(lines, line)) {
    json entity = json::parse(line);
    EXPECT_EQ(entity, EntityByCode(server_, entity["codes"][0]));
    ids.insert(entity["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(answer.body.back(), '\n');
  // The default format is NDJSON; a type nobody has exports nothing.
  EXPECT_EQ(server_.Request("GET", "/api/v1/entities/export").body, answer.body);
  auto none = server_.Request("GET", "/api/v1/entities/export?type=/Employee");
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "");
}

TEST_F(GoldenExport, CsvQuotesCommasQuotesAndNewlinesAndHasAColumnPerPropertyKey) {
  auto answer = server_.Request("GET", "/api/v1/entities/export?format=csv&type=/Customer");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.Header("content-type"), "text/csv; charset=utf-8");
  auto rows = ParseCsv(answer.body);
  ASSERT_EQ(rows.size(), 4u) << answer.body;
  // Every property key the type's golden records have, sorted (the mapping keeps the
  // identifier and name fields as properties too).
  const std::vector<std::string> header = {"id",
                                           "entityType",
                                           "name",
                                           "codes",
                                           "crm.customer.city",
                                           "crm.customer.customerId",
                                           "crm.customer.email",
                                           "crm.customer.name",
                                           "crm.customer.note"};
  EXPECT_EQ(rows[0], header);
  std::map<std::string, std::vector<std::string>> by_name;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size());
    by_name[rows[i][2]] = rows[i];
  }
  const auto& ann = by_name["Ann"];
  EXPECT_EQ(ann[1], "/Customer");
  EXPECT_EQ(ann[3], "/Customer#crm:1;/Customer#email:ann@example.com");
  EXPECT_EQ(ann[4], "Oslo, Norway");
  EXPECT_EQ(ann[5], "1");
  EXPECT_EQ(ann[8], "") << "Ann has no note";
  const auto& bob = by_name["Bob \"the builder\""];
  EXPECT_EQ(bob[0], EntityByCode(server_, "/Customer#crm:2")["id"]);
  EXPECT_EQ(bob[7], "Bob \"the builder\"");
  EXPECT_EQ(bob[8], "line one\nline two\r\nthree");
  EXPECT_NE(answer.body.find("\"Bob \"\"the builder\"\"\""), std::string::npos) << answer.body;
  EXPECT_EQ(by_name["Cy"][4], "Bergen");
}

TEST_F(GoldenExport, SaysWhereTheChangeFeedGoesOnAndRefusesUnknownFormats) {
  auto answer = server_.Request("GET", "/api/v1/entities/export");
  ASSERT_EQ(answer.status, 200);
  const std::string cursor = answer.Header("x-change-cursor");
  EXPECT_EQ(cursor, GetJson(server_, "/api/v1/changes?limit=1000")["next"]);
  EXPECT_TRUE(GetJson(server_, "/api/v1/changes?after=" + cursor)["items"].empty());
  EXPECT_TRUE(IsError(server_.Request("GET", "/api/v1/entities/export?format=xml"), 400,
                      "invalid-request"));
  // Still the golden record route for anything else.
  EXPECT_TRUE(IsError(server_.Request("GET", "/api/v1/entities/exports"), 404, "entity-not-found"));
}

}  // namespace
}  // namespace inlet::testing
