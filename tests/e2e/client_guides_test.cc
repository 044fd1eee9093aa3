// The requests the client guides of docs/clients make, sent as those tools send them
// (headers, body shape, encoding, retries), against the real server. Azure Data Factory,
// NiFi and PowerShell do not run here: these tests stand in for them with the exact
// request each guide configures, and check what the server stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "inlet/common/gzip.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using ::testing::ElementsAre;

// Rows as a Lookup or a CSV gives them: `count` objects, compact, from `first` on.
std::string Rows(int count, int first = 0) {
  std::string rows = "[";
  for (int i = first; i < first + count; ++i) {
    rows += (i == first ? "" : ",") + std::string(R"({"CustomerId":)") + std::to_string(i) +
            R"(,"Name":"Customer )" + std::to_string(i) + R"("})";
  }
  return rows + "]";
}

int64_t RecordCount(const ServerProcess& server, const std::string& endpoint_id) {
  return GetJson(server, "/api/v1/endpoints/" + endpoint_id)["recordCount"];
}

// docs/clients/adf.md, Web activity: the rows wrapped as {"records":[…]} by
// @concat('{"records":', string(…), '}'), the run id as Idempotency-Key, and ADF's retry
// policy sending the same request again.
TEST(ClientGuides, AdfWebActivitySendsTheRecordsEnvelopeAndItsRetryStoresNothingTwice) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "adf-web")["id"];
  const HeaderList headers = {{"Content-Type", "application/json"},
                              {"Idempotency-Key", "6f1b2c1e-8d4f-4a53-9c1e-0d1e2f3a4b5c"}};
  const std::string body = "{\"records\":" + Rows(3000) + "}";
  auto first = Upload(server, id, body, headers);
  ASSERT_TRUE(IsEnvelope(first, 200));
  EXPECT_EQ(first.Json()["accepted"], 3000);
  EXPECT_TRUE(first.Json()["warnings"].empty()) << first.body;
  auto retried = Upload(server, id, body, headers);
  ASSERT_TRUE(IsEnvelope(retried, 200));
  EXPECT_EQ(retried.Header("idempotent-replayed"), "true");
  EXPECT_EQ(retried.Json()["receiptId"], first.Json()["receiptId"]);
  EXPECT_EQ(RecordCount(server, id), 3000);
}

// docs/clients/adf.md, Copy activity with a REST sink: batches of Write batch size
// (10,000) rows as JSON arrays, gzip-compressed (httpCompressionType gzip).
TEST(ClientGuides, AdfCopyActivitySendsGzippedArraysOfTheWriteBatchSize) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "adf-copy")["id"];
  for (int batch = 0; batch < 3; ++batch) {
    auto answer = Upload(server, id, Gzip(Rows(10000, batch * 10000)),
                         {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
    ASSERT_TRUE(IsEnvelope(answer, 200)) << "batch " << batch;
    EXPECT_EQ(answer.Json()["accepted"], 10000);
  }
  EXPECT_EQ(RecordCount(server, id), 30000);
  EXPECT_EQ(AllReceipts(server, id).size(), 3u);
}

// docs/clients/nifi.md: SplitText batches of NDJSON lines as they were (CRLF, a blank
// line), Content-Type application/x-ndjson, an Idempotency-Key from UpdateAttribute, and
// CompressContent with Content-Encoding as a dynamic property; and InvokeHTTP's fallback
// type for a FlowFile that says nothing.
TEST(ClientGuides, NifiInvokeHttpSendsSplitNdjsonWithItsHeaders) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "nifi")["id"];
  std::string lines;
  for (int i = 0; i < 10000; ++i) {
    lines += R"({"CustomerId":)" + std::to_string(i) + "}\r\n" + (i == 5000 ? "\r\n" : "");
  }
  auto plain = Upload(
      server, id, lines,
      {{"Content-Type", "application/x-ndjson"}, {"Idempotency-Key", "nifi-0b6f5c2e-split-1"}});
  ASSERT_TRUE(IsEnvelope(plain, 200));
  EXPECT_EQ(plain.Json()["accepted"], 10000);
  auto compressed = Upload(server, id, Gzip(lines),
                           {{"Content-Type", "application/x-ndjson"},
                            {"Content-Encoding", "gzip"},
                            {"Idempotency-Key", "nifi-0b6f5c2e-split-2"}});
  ASSERT_TRUE(IsEnvelope(compressed, 200));
  EXPECT_EQ(compressed.Json()["accepted"], 10000);
  auto fallback = Upload(server, id, Rows(10), {{"Content-Type", "application/octet-stream"}});
  ASSERT_TRUE(IsEnvelope(fallback, 200));
  EXPECT_THAT(MessageIds(fallback.Json(), "warnings"), ElementsAre("content-type-assumed"));
  EXPECT_EQ(RecordCount(server, id), 20010);
}

// docs/clients/powershell.md: CSV rows (every value a string, headers as the file has
// them) through ConvertTo-Json -Compress as Windows PowerShell 5.1 writes it (<, >, &
// and ' escaped as \u003c…), sent as UTF-8 bytes with 'application/json; charset=utf-8',
// gzipped with -Gzip; and a batch of one row, which -InputObject keeps an array.
TEST(ClientGuides, PowerShellInvokeRestMethodSendsConvertToJsonAsUtf8) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "powershell")["id"];
  const std::string rows =
      R"([{"Customer Id":"1","Name":"Zoë \u003cVIP\u003e","Notes":"R\u0026D \u0027east\u0027"},)"
      R"({"Customer Id":"2","Name":"Łukasz","Notes":""}])";
  const HeaderList json = {{"Content-Type", "application/json; charset=utf-8"},
                           {"Idempotency-Key", "customers-1-1"}};
  auto answer = Upload(server, id, rows, json);
  ASSERT_TRUE(IsEnvelope(answer, 200));
  EXPECT_EQ(answer.Json()["accepted"], 2);
  EXPECT_THAT(MessageIds(answer.Json(), "warnings"),
              ElementsAre("space-in-property", "space-in-property"));
  auto stored = AllRecords(server, id);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].item["data"]["Name"], "Zoë <VIP>");
  EXPECT_EQ(stored[1].item["data"]["Notes"], "R&D 'east'");
  EXPECT_EQ(stored[0].item["data"]["Name"], "Łukasz");

  auto zipped = Upload(server, id, Gzip(R"([{"Customer Id":"3","Name":"Ann"}])"),
                       {{"Content-Type", "application/json; charset=utf-8"},
                        {"Content-Encoding", "gzip"},
                        {"Idempotency-Key", "customers-1-2"}});
  ASSERT_TRUE(IsEnvelope(zipped, 200));
  EXPECT_EQ(zipped.Json()["accepted"], 1);
  EXPECT_EQ(RecordCount(server, id), 3);
}

}  // namespace
}  // namespace inlet::testing
