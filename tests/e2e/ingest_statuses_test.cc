// Every status of the ingestion call (SPEC §2.4) with its envelope (§2.2), and which
// answers leave a receipt (§2.1: every answer after the token, endpoint and scope
// checks, 400, 413, 415 and 503 included; none for 401/403/404/405). 409
// `mapping-incomplete` belongs to bridge mode and is not tested here; 409
// `idempotency-key-in-flight` and 422 are in ingest_idempotency_test.cc.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "inlet/common/gzip.h"
#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/store_access.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using Clock = std::chrono::steady_clock;

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

std::string NewEndpoint(const ServerProcess& server, const std::string& name) {
  return CreateEndpoint(server, name)["id"].get<std::string>();
}

// Refusals made before the body is read answer at once and store their receipt right
// after; this waits (briefly) for it to be readable.
nlohmann::json WaitForReceipt(const ServerProcess& server, const std::string& receipt_id) {
  auto deadline = Clock::now() + std::chrono::seconds(3);
  HttpResponse response;
  do {
    response = server.Request("GET", "/api/v1/receipts/" + receipt_id);
    if (response.status == 200) return response.Json();
    SleepMs(20);
  } while (Clock::now() < deadline);
  ADD_FAILURE() << "receipt " << receipt_id << " was not stored: " << response.status << " "
                << response.body;
  return nlohmann::json::object();
}

// The single request-level error of a refused request: `message_id`, domain
// "request", rowIndex -1; and its receipt, stored with `status`, lists it.
void ExpectRefusalWithReceipt(const ServerProcess& server, const HttpResponse& response, int status,
                              const std::string& message_id) {
  ASSERT_TRUE(IsEnvelope(response, status));
  auto json = response.Json();
  EXPECT_EQ(MessageIds(json, "errors"), std::vector<std::string>{message_id});
  EXPECT_EQ(json["errors"][0]["domain"], "request");
  EXPECT_EQ(json["errors"][0]["rowIndex"], -1);
  EXPECT_EQ(json["accepted"], 0);
  ASSERT_TRUE(json["receiptId"].is_string()) << response.body;
  auto receipt = WaitForReceipt(server, json["receiptId"]);
  EXPECT_EQ(receipt["httpStatus"], status);
  EXPECT_EQ(receipt["accepted"], 0);
  EXPECT_EQ(receipt["errors"], 1);
  EXPECT_EQ(receipt["response"], json);
}

std::string UploadHead(const std::string& endpoint_id, const std::string& token,
                       const std::string& extra_headers) {
  return "POST " + UploadPath(endpoint_id) +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\n" + extra_headers + "\r\n";
}

TEST(IngestStatuses, AcceptedBatchIs200WithAReceipt) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "ok");
  auto response = Upload(server, id, R"([{"k":1},{"k":2}])");
  ASSERT_TRUE(IsEnvelope(response, 200));
  auto json = response.Json();
  EXPECT_EQ(json["success"], true);
  EXPECT_EQ(json["warning"], false);
  EXPECT_EQ(json["error"], false);
  EXPECT_EQ(json["received"], 2);
  EXPECT_EQ(json["accepted"], 2);
  EXPECT_EQ(json["rejected"], 0);
  EXPECT_EQ(json["warningsOmitted"], 0);
  EXPECT_EQ(json["errorsOmitted"], 0);
  // The receipt is committed before the 200 is sent: readable at once.
  auto receipt = GetJson(server, "/api/v1/receipts/" + json["receiptId"].get<std::string>());
  EXPECT_EQ(receipt["id"], json["receiptId"]);
  EXPECT_EQ(receipt["httpStatus"], 200);
  EXPECT_EQ(receipt["received"], 2);
  EXPECT_EQ(receipt["accepted"], 2);
  EXPECT_EQ(receipt["rejected"], 0);
  EXPECT_EQ(receipt["warnings"], 0);
  EXPECT_EQ(receipt["errors"], 0);
  EXPECT_EQ(receipt["timesProcessed"], 0);
  EXPECT_EQ(receipt["goldenRecords"],
            (nlohmann::json{{"created", 0}, {"merged", 0}, {"unchanged", 0}, {"failed", 0}}));
  EXPECT_EQ(receipt["response"], json);
  // RFC 3339 UTC with milliseconds.
  EXPECT_TRUE(std::regex_match(receipt["receivedAt"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << receipt;
  auto listed = AllReceipts(server, id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], json["receiptId"]);
}

TEST(IngestStatuses, InvalidJsonIs400WithLineColumnAndOffset) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "bad-json");
  // Line 2 is `{"b":}`: the `}` at column 6, byte offset 9 + 1 + 5 = 15.
  auto response = Upload(server, id, "[{\"a\":1},\n{\"b\":}]");
  ExpectRefusalWithReceipt(server, response, 400, "invalid-json");
  auto error = response.Json()["errors"][0];
  EXPECT_EQ(error["line"], 2);
  EXPECT_EQ(error["column"], 6);
  EXPECT_EQ(error["offset"], 15);
  EXPECT_EQ(response.Json()["received"], 0);
  EXPECT_TRUE(AllRecords(server, id).empty());
  // A 400 does not move the endpoint's status.
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["status"], "no-data-sent");
}

TEST(IngestStatuses, TopLevelScalarIs400InvalidArrayJsonSent) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "scalar");
  for (const std::string body : {"42", "\"text\"", "null", "true", " 1.5 "}) {
    SCOPED_TRACE(body);
    ExpectRefusalWithReceipt(server, Upload(server, id, body), 400, "invalid-array-json-sent");
  }
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestStatuses, NestingDeeperThanTheLimitIs400) {
  ServerProcess server(ServeArgs({"--set", "limits.maxDepth=3"}));
  std::string id = NewEndpoint(server, "deep");
  // Three levels (array, record, nested object) are within the limit.
  EXPECT_TRUE(IsEnvelope(Upload(server, id, R"([{"a":{"b":1}}])"), 200));
  // The fourth level starts with the `{` at byte 11.
  auto response = Upload(server, id, R"([{"a":{"b":{"c":1}}}])");
  ExpectRefusalWithReceipt(server, response, 400, "nesting-too-deep");
  auto error = response.Json()["errors"][0];
  EXPECT_EQ(error["line"], 1);
  EXPECT_EQ(error["column"], 12);
  EXPECT_EQ(error["offset"], 11);
  // The same depth in NDJSON (no array level there: a line is a record).
  auto ndjson = Upload(server, id, "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}\n",
                       {{"Content-Type", "application/x-ndjson"}});
  ExpectRefusalWithReceipt(server, ndjson, 400, "nesting-too-deep");
  EXPECT_EQ(AllRecords(server, id).size(), 1u);
}

TEST(IngestStatuses, MoreRecordsThanTheLimitIs400TooManyRecords) {
  ServerProcess server(ServeArgs({"--set", "limits.maxRecords=10"}));
  std::string id = NewEndpoint(server, "many");
  auto batch = [](int count, const std::string& separator, const std::string& open,
                  const std::string& close) {
    std::string body = open;
    for (int i = 0; i < count; ++i)
      body += (i ? separator : "") + "{\"k\":" + std::to_string(i) + "}";
    return body + close;
  };
  EXPECT_TRUE(IsEnvelope(Upload(server, id, batch(10, ",", "[", "]")), 200));
  ExpectRefusalWithReceipt(server, Upload(server, id, batch(11, ",", "[", "]")), 400,
                           "too-many-records");
  ExpectRefusalWithReceipt(server, Upload(server, id, batch(11, ",", "{\"records\":[", "]}")), 400,
                           "too-many-records");
  ExpectRefusalWithReceipt(
      server,
      Upload(server, id, batch(11, "\n", "", "\n"), {{"Content-Type", "application/x-ndjson"}}),
      400, "too-many-records");
  // Nothing of the refused batches was stored.
  EXPECT_EQ(AllRecords(server, id).size(), 10u);
}

TEST(IngestStatuses, NoValidRecordsIs400WithEachRecordsError) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "invalid");
  auto response = Upload(server, id, R"([null, {}, 5, [1], "x"])");
  ASSERT_TRUE(IsEnvelope(response, 400));
  auto json = response.Json();
  EXPECT_EQ(
      MessageIds(json, "errors"),
      (std::vector<std::string>{"no-valid-records", "empty-record", "empty-record",
                                "record-not-object", "record-not-object", "record-not-object"}));
  std::vector<int> rows;
  for (const auto& error : json["errors"]) rows.push_back(error["rowIndex"]);
  EXPECT_EQ(rows, (std::vector<int>{-1, 0, 1, 2, 3, 4}));
  EXPECT_EQ(json["received"], 5);
  EXPECT_EQ(json["accepted"], 0);
  EXPECT_EQ(json["rejected"], 5);
  auto receipt = GetJson(server, "/api/v1/receipts/" + json["receiptId"].get<std::string>());
  EXPECT_EQ(receipt["httpStatus"], 400);
  EXPECT_EQ(receipt["rejected"], 5);
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestStatuses, RefusalsBeforeTheScopeCheckAnswerTheEnvelopeAndStoreNothing) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "private");
  std::string other = NewEndpoint(server, "other");
  auto reader = CreateToken(server, {"read"});
  auto only_other = CreateToken(server, {"ingest"}, {other});
  const std::string body = R"([{"k":1}])";
  const HeaderList json = {{"Content-Type", "application/json"}};

  for (const std::string& token : {std::string(), std::string("inlet_unknown")}) {
    SCOPED_TRACE("token \"" + token + "\"");
    auto response = UploadAs(server, token, id, body, json);
    ASSERT_TRUE(IsEnvelope(response, 401));
    EXPECT_TRUE(IsError(response, 401, "unauthenticated"));
    EXPECT_EQ(response.Header("www-authenticate"), "Bearer");
    EXPECT_TRUE(response.Json()["receiptId"].is_null());
  }
  {
    HttpConnection connection(server.port());
    auto basic = connection.Send(
        "POST", UploadPath(id), body,
        {{"Content-Type", "application/json"}, {"Authorization", "Basic YWRtaW46YWRtaW4="}});
    EXPECT_TRUE(IsEnvelope(basic, 401));
    EXPECT_EQ(basic.Header("www-authenticate"), "Bearer");
  }
  for (const auto& token : {reader.secret, only_other.secret}) {
    auto response = UploadAs(server, token, id, body, json);
    ASSERT_TRUE(IsEnvelope(response, 403));
    EXPECT_TRUE(IsError(response, 403, "forbidden"));
    EXPECT_TRUE(response.Json()["receiptId"].is_null());
  }
  auto missing = Upload(server, "0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", body);
  ASSERT_TRUE(IsEnvelope(missing, 404));
  EXPECT_TRUE(IsError(missing, 404, "endpoint-not-found"));
  {
    HttpConnection connection(server.port());
    auto get = connection.Send("GET", UploadPath(id), "",
                               {{"Authorization", "Bearer " + server.admin_token()}});
    ASSERT_TRUE(IsEnvelope(get, 405));
    EXPECT_TRUE(IsError(get, 405, "method-not-allowed"));
    EXPECT_EQ(get.Header("allow"), "POST");
  }

  EXPECT_TRUE(AllReceipts(server, id).empty());
  EXPECT_TRUE(AllRecords(server, id).empty());
  // Nothing anywhere: strangers cause no writes (checked after a last write that is
  // committed, so queued refusal receipts would be visible by now).
  ASSERT_TRUE(IsEnvelope(Upload(server, other, body), 200));
  EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM receipts"), 1);
  EXPECT_EQ(QueryStoreInt(server, "SELECT count(*) FROM logs"), 0);
}

TEST(IngestStatuses, DeclaredBodyOverTheWireLimitIs413BeforeTheBody) {
  ServerProcess server(ServeArgs({"--set", "limits.bodyWireBytes=64KiB"}));
  std::string id = NewEndpoint(server, "declared");
  HttpConnection connection(server.port());
  // Only the head: the answer must not wait for a body it will not read.
  connection.SendRaw(UploadHead(id, server.admin_token(), "Content-Length: 100000\r\n"));
  HttpResponse response = connection.ReadResponse(3000);
  ExpectRefusalWithReceipt(server, response, 413, "body-too-large");
  EXPECT_EQ(response.Header("connection"), "close");
  std::string message = response.Json()["errors"][0]["errorMessage"];
  EXPECT_NE(message.find("100000"), std::string::npos) << message;
  EXPECT_NE(message.find("65536"), std::string::npos) << message;
  EXPECT_TRUE(connection.WaitForClose(5000));
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestStatuses, DeclaredBodyOverTheDefaultWireLimitIs413) {
  // With the default limit (64 MiB) as well: the refusal names both sizes.
  ServerProcess server;
  std::string id = NewEndpoint(server, "default-limit");
  const uint64_t declared = (64ull << 20) + 1;
  HttpConnection connection(server.port());
  connection.SendRaw(
      UploadHead(id, server.admin_token(), "Content-Length: " + std::to_string(declared) + "\r\n"));
  HttpResponse response = connection.ReadResponse(3000);
  ExpectRefusalWithReceipt(server, response, 413, "body-too-large");
  if (response.status != 413) return;
  std::string message = response.Json()["errors"][0]["errorMessage"];
  EXPECT_NE(message.find(std::to_string(declared)), std::string::npos) << message;
  EXPECT_NE(message.find("67108864"), std::string::npos) << message;
}

TEST(IngestStatuses, ChunkedBodyOverTheWireLimitIs413) {
  ServerProcess server(ServeArgs({"--set", "limits.bodyWireBytes=64KiB"}));
  std::string id = NewEndpoint(server, "chunked");
  HttpConnection connection(server.port());
  connection.SendRaw(UploadHead(id, server.admin_token(), "Transfer-Encoding: chunked\r\n"));
  std::string chunk = "[" + std::string(10 * 1024 - 1, ' ');
  for (int i = 0; i < 10; ++i) {
    connection.SendRaw("2800\r\n" + chunk + "\r\n");
    chunk = std::string(10 * 1024, ' ');
  }
  HttpResponse response = connection.ReadResponse(5000);
  ExpectRefusalWithReceipt(server, response, 413, "body-too-large");
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_NE(response.Json()["errors"][0]["errorMessage"].get<std::string>().find("65536"),
            std::string::npos)
      << response.body;
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestStatuses, UnsupportedTypeAndCharsetAre415) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "types");
  for (const std::string type :
       {"application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "text/csv", "application/json; charset=latin1", "application/json; charset=iso-8859-1",
        "application/x-ndjson; charset=utf-16"}) {
    SCOPED_TRACE(type);
    ExpectRefusalWithReceipt(server, Upload(server, id, R"([{"k":1}])", {{"Content-Type", type}}),
                             415, "unsupported-media-type");
  }
  ExpectRefusalWithReceipt(
      server,
      Upload(server, id, R"([{"k":1}])",
             {{"Content-Type", "application/json"}, {"Content-Encoding", "br"}}),
      415, "unsupported-content-encoding");
  EXPECT_TRUE(AllRecords(server, id).empty());
  EXPECT_EQ(AllReceipts(server, id).size(), 8u);
  // The accepted spellings (SPEC §2).
  for (const std::string type :
       {"application/json; charset=utf-8", "Application/JSON; Charset=\"UTF-8\"", "text/json",
        "application/vnd.api+json"}) {
    SCOPED_TRACE(type);
    auto response = Upload(server, id, R"([{"k":1}])", {{"Content-Type", type}});
    ASSERT_TRUE(IsEnvelope(response, 200));
    EXPECT_TRUE(response.Json()["warnings"].empty()) << response.body;
  }
}

TEST(IngestStatuses, InflightCeilingIs503OverloadedWithRetryAfter) {
  // The ceiling is at its minimum (1 MiB); one upload holds 700 KiB of it.
  ServerProcess server(
      ServeArgs({"--set", "limits.inflightBodyBytes=1MiB", "--set", "limits.bodyWireBytes=1MiB"}));
  std::string id = NewEndpoint(server, "busy");
  std::string body = "[{\"k\":\"held\"}" + std::string(700 * 1024, ' ') + "]";
  HttpConnection holder(server.port());
  holder.SendRaw(UploadHead(id, server.admin_token(),
                            "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                 body.substr(0, body.size() / 2));
  SleepMs(300);  // the holder's reservation is made when its header arrives

  // Declared: refused before its body is read.
  HttpConnection declared(server.port());
  declared.SendRaw(UploadHead(id, server.admin_token(),
                              "Content-Length: " + std::to_string(body.size()) + "\r\n"));
  HttpResponse refused = declared.ReadResponse(3000);
  ExpectRefusalWithReceipt(server, refused, 503, "overloaded");
  EXPECT_EQ(refused.Header("retry-after"), "1");
  EXPECT_EQ(refused.Header("connection"), "close");

  // Chunked: counted as it arrives, refused once past the ceiling.
  HttpConnection chunked(server.port());
  chunked.SendRaw(UploadHead(id, server.admin_token(), "Transfer-Encoding: chunked\r\n"));
  std::string piece = std::string(64 * 1024, ' ');
  for (int i = 0; i < 8; ++i) chunked.SendRaw("10000\r\n" + piece + "\r\n");
  HttpResponse refused_chunked = chunked.ReadResponse(5000);
  ExpectRefusalWithReceipt(server, refused_chunked, 503, "overloaded");
  EXPECT_FALSE(refused_chunked.Header("retry-after").empty());

  // The holder still completes.
  holder.SendRaw(body.substr(body.size() / 2));
  HttpResponse held = holder.ReadResponse();
  ASSERT_TRUE(IsEnvelope(held, 200));
  EXPECT_EQ(held.Json()["accepted"], 1);
  // Its reservation is released: the same upload now fits.
  EXPECT_TRUE(IsEnvelope(Upload(server, id, body), 200));
  EXPECT_EQ(AllRecords(server, id).size(), 2u);
}

// A body that decodes to more than the whole ceiling could never be taken, however long a
// client waits: 413, not a 503 that NiFi or `inlet post` would retry for ever.
TEST(IngestStatuses, ABodyDecodingPastTheWholeInflightCeilingIs413) {
  ServerProcess server(
      ServeArgs({"--set", "limits.inflightBodyBytes=1MiB", "--set", "limits.bodyWireBytes=1MiB"}));
  std::string id = NewEndpoint(server, "big");
  std::string records = "[";
  for (int i = 0; records.size() < (2 << 20); ++i) {
    records += (i ? ",{\"n\":" : "{\"n\":") + std::to_string(i) + ",\"pad\":\"" +
               std::string(40, 'x') + "\"}";
  }
  records += "]";
  auto refused = Upload(server, id, Gzip(records),
                        {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
  ExpectRefusalWithReceipt(server, refused, 413, "body-too-large");
  EXPECT_NE(refused.body.find("limits.inflightBodyBytes"), std::string::npos) << refused.body;
  EXPECT_TRUE(refused.Header("retry-after").empty());
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestStatuses, KeepAliveRequestAfterSigtermIsTurnedAway) {
  // SPEC §2.1 puts "shutting down → 503" first. The server closes idle keep-alive
  // connections at SIGTERM (also one whose next header has only partly arrived), so a
  // request sent on one afterwards finds it closed; 503 `shutting-down` is only seen by a
  // header that completes in the instant between the signal and that close. Either way
  // the request must not be served, while the one in flight finishes.
  TempDir temp;
  const std::string data_dir = temp.File("data");
  std::string id;
  {
    ServerProcess server(ServeDataDir(data_dir));
    id = NewEndpoint(server, "stopping");
    {
      const std::string body = R"([{"k":"in flight"}])";
      HttpConnection in_flight(server.port());
      in_flight.SendRaw(UploadHead(id, server.admin_token(),
                                   "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                        body.substr(0, 5));
      HttpConnection keep_alive(server.port());
      ASSERT_EQ(keep_alive.Send("GET", "/healthz").status, 200);
      SleepMs(200);
      server.Signal(SIGTERM);
      SleepMs(300);
      const std::string late = R"([{"k":"late"}])";
      HttpResponse refused;
      try {
        keep_alive.SendRaw(UploadHead(id, server.admin_token(),
                                      "Content-Length: " + std::to_string(late.size()) + "\r\n") +
                           late);
        refused = keep_alive.ReadResponse(3000);
      } catch (const std::runtime_error&) {
        // Reset while sending: turned away.
      }
      if (refused.status != 0) {
        ASSERT_TRUE(IsEnvelope(refused, 503));
        EXPECT_TRUE(IsError(refused, 503, "shutting-down"));
        EXPECT_EQ(refused.Header("retry-after"), "1");
        EXPECT_EQ(refused.Header("connection"), "close");
      }

      in_flight.SendRaw(body.substr(5));
      HttpResponse finished = in_flight.ReadResponse(5000);
      ASSERT_TRUE(IsEnvelope(finished, 200));
      EXPECT_EQ(finished.Header("connection"), "close");
    }  // the clients close their ends, as they would after Connection: close
    EXPECT_EQ(server.WaitForExit(5000), 0) << server.Stderr();
  }
  ServerProcess server(ServeDataDir(data_dir));
  auto stored = AllRecords(server, id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].raw_data, R"({"k":"in flight"})");
}

TEST(IngestStatuses, IssueListsAreCappedAndTheRestCounted) {
  ServerProcess server(ServeArgs({"--set", "limits.maxIssues=5"}));
  std::string id = NewEndpoint(server, "capped");
  // 20 records with a repaired name (one warning each) and 20 empty ones (one error each).
  std::string body = "[";
  for (int i = 0; i < 20; ++i) body += "{\"a b\":" + std::to_string(i) + "},";
  for (int i = 0; i < 20; ++i) body += std::string(i ? "," : "") + "null";
  body += "]";
  auto response = Upload(server, id, body);
  ASSERT_TRUE(IsEnvelope(response, 200));
  auto json = response.Json();
  EXPECT_EQ(json["accepted"], 20);
  EXPECT_EQ(json["rejected"], 20);
  EXPECT_EQ(json["errors"].size(), 5u);
  EXPECT_EQ(json["errorsOmitted"], 15);
  EXPECT_EQ(json["warnings"].size(), 5u);
  EXPECT_EQ(json["warningsOmitted"], 15);
  EXPECT_EQ(json["error"], true);
  EXPECT_EQ(json["warning"], true);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(json["errors"][i]["messageId"], "empty-record");
    EXPECT_EQ(json["errors"][i]["rowIndex"], 20 + i);
    EXPECT_EQ(json["warnings"][i]["messageId"], "space-in-property");
    EXPECT_EQ(json["warnings"][i]["rowIndex"], i);
  }
  // The receipt counts them all.
  auto receipt = GetJson(server, "/api/v1/receipts/" + json["receiptId"].get<std::string>());
  EXPECT_EQ(receipt["warnings"], 20);
  EXPECT_EQ(receipt["errors"], 20);
}

}  // namespace
}  // namespace inlet::testing

namespace inlet::testing {
namespace {

// SPEC §4: a bridge endpoint keeps no records, so without a complete mapping it answers
// 409 mapping-incomplete (and the answer leaves a receipt, like every answer after the
// endpoint check).
TEST(IngestStatuses, BridgeEndpointWithoutMappingIs409MappingIncomplete) {
  ServerProcess server;
  auto created = server.Request("POST", "/api/v1/endpoints",
                                R"({"name":"bridge","source":"CRM","group":"Sales",)"
                                R"("mapping":{"entityType":"/Customer"},"mode":"bridge"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json()["id"];
  auto response = server.Request("POST", "/upload/api/endpoint/" + id, R"([{"a":1}])");
  ASSERT_EQ(response.status, 409) << response.body;
  auto body = response.Json();
  EXPECT_EQ(body["success"], false);
  EXPECT_EQ(body["errors"][0]["messageId"], "mapping-incomplete");
  EXPECT_EQ(body["receiptId"], response.Header("x-receipt-id"));
  EXPECT_FALSE(response.Header("x-receipt-id").empty());
  auto records = server.Request("GET", "/api/v1/endpoints/" + id + "/records");
  EXPECT_EQ(records.Json()["items"].size(), 0u);
}

}  // namespace
}  // namespace inlet::testing
