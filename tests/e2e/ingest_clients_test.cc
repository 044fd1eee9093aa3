// The ingestion call as real clients send it (SPEC §2): curl's `--data-binary @file`
// with `Expect: 100-continue`, gzip and deflate bodies (ADF), chunked bodies, HTTP/1.0,
// NDJSON, NiFi's octet-stream, bodies without a type, one object, `{"records":[...]}`,
// a large array, empty batches and a BOM. Each posts to a fresh endpoint and then checks
// that the preview holds exactly the accepted records, byte for byte.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using Clock = std::chrono::steady_clock;

const HeaderList kJson = {{"Content-Type", "application/json"}};

// zlib's deflate with `window_bits`: 16+15 gzip, 15 zlib-wrapped, -15 raw.
std::string Compress(const std::string& input, int window_bits) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string output(deflateBound(&stream, input.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  int rc = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  output.resize(stream.total_out);
  return output;
}
std::string Gzip(const std::string& input) { return Compress(input, 16 + MAX_WBITS); }
std::string ZlibDeflate(const std::string& input) { return Compress(input, MAX_WBITS); }
std::string RawDeflate(const std::string& input) { return Compress(input, -MAX_WBITS); }

// Records as the tests send them: compact, needing no repair and with no escapes in
// their strings, so what is stored must equal what was sent, byte for byte (numbers
// such as 1.50, -0 and 12345678901234567890123 included, and UTF-8 text).
std::vector<std::string> SampleRecords(const std::string& prefix, int count) {
  std::vector<std::string> records;
  for (int i = 0; i < count; ++i) {
    records.push_back("{\"k\":\"" + prefix + std::to_string(i) +
                      "\",\"price\":1.50,\"big\":12345678901234567890123,\"zero\":-0,"
                      "\"name\":\"Ada \xC3\xA9\",\"ok\":true,\"none\":null,\"tags\":[1,\"x\"]}");
  }
  return records;
}

std::string JsonArray(const std::vector<std::string>& records) {
  std::string body = "[";
  for (size_t i = 0; i < records.size(); ++i) body += (i ? "," : "") + records[i];
  return body + "]";
}

// The preview holds exactly `expected` (as stored), each once.
::testing::AssertionResult PreviewHoldsExactly(const ServerProcess& server,
                                               const std::string& endpoint_id,
                                               std::vector<std::string> expected) {
  std::vector<PreviewRecord> records = AllRecords(server, endpoint_id);
  std::vector<std::string> actual;
  for (const auto& record : records) actual.push_back(record.raw_data);
  std::sort(actual.begin(), actual.end());
  std::sort(expected.begin(), expected.end());
  if (actual == expected) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << "the preview holds " << actual.size()
                                               << " records, expected " << expected.size();
  for (size_t i = 0; i < std::min<size_t>(3, actual.size()); ++i) {
    failure << "\n  stored:   " << actual[i];
  }
  for (size_t i = 0; i < std::min<size_t>(3, expected.size()); ++i) {
    failure << "\n  expected: " << expected[i];
  }
  return failure;
}

std::string NewEndpoint(const ServerProcess& server, const std::string& name) {
  return CreateEndpoint(server, name)["id"].get<std::string>();
}

std::string RequestHead(const std::string& endpoint_id, const std::string& token,
                        const std::string& extra_headers, const std::string& version = "1.1") {
  return "POST " + UploadPath(endpoint_id) + " HTTP/" + version +
         "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n" + extra_headers + "\r\n";
}

// Sends `body` the way curl does with `Expect: 100-continue`: the head, then the body
// only after the interim answer; returns the final answer.
HttpResponse PostWithExpectContinue(const ServerProcess& server, const std::string& endpoint_id,
                                    const std::string& body) {
  HttpConnection connection(server.port());
  connection.SendRaw(RequestHead(endpoint_id, server.admin_token(),
                                 "Content-Type: application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n"));
  // curl waits up to a second for this before it sends the body anyway.
  auto start = Clock::now();
  HttpResponse interim = connection.ReadResponse(3000);
  EXPECT_EQ(interim.status, 100) << "no 100 Continue; the server answered " << interim.status << " "
                                 << interim.body;
  if (interim.status != 100) return interim;
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(900));
  connection.SendRaw(body);
  return connection.ReadResponse();
}

TEST(IngestClients, ExpectContinueIsAnsweredBeforeTheBody) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "small");
  auto records = SampleRecords("s", 500);
  auto response = PostWithExpectContinue(server, id, JsonArray(records));
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_EQ(response.Json()["accepted"], 500);
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, ExpectContinueIsAnsweredBeforeAMegabyteBody) {
  // curl sends Expect: 100-continue for bodies over 1 MiB: the case that matters.
  ServerProcess server;
  std::string id = NewEndpoint(server, "curl");
  auto records = SampleRecords("r", 9000);
  std::string body = JsonArray(records);
  ASSERT_GT(body.size(), 1u << 20);
  auto response = PostWithExpectContinue(server, id, body);
  ASSERT_TRUE(IsEnvelope(response, 200));
  auto json = response.Json();
  EXPECT_EQ(json["received"], 9000);
  EXPECT_EQ(json["accepted"], 9000);
  EXPECT_EQ(json["rejected"], 0);
  EXPECT_TRUE(json["warnings"].empty()) << response.body;
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, BodyOverOneMebibyteIsAccepted) {
  // The default wire limit is 64 MiB (SPEC §6); nothing smaller may refuse a body.
  ServerProcess server;
  std::string id = NewEndpoint(server, "large");
  auto records = SampleRecords("l", 9000);
  std::string body = JsonArray(records);
  ASSERT_GT(body.size(), 1u << 20);
  auto response = Upload(server, id, body);
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_EQ(response.Json()["accepted"], 9000);
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["recordCount"], 9000);
}

TEST(IngestClients, RealCurlDataBinaryFromAFile) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "curl is not installed (scripts/install-deps.sh installs it)";
  }
  ServerProcess server;
  std::string id = NewEndpoint(server, "curl");
  auto records = SampleRecords("c", 9000);
  TempDir temp;
  std::string file = temp.File("body.json");
  WriteFile(file, JsonArray(records));
  ASSERT_GT(ReadFile(file).size(), 1u << 20);  // curl sends Expect: 100-continue past 1 MiB
  std::string command =
      "curl -s -o - -w '%{http_code}' --data-binary @" + file +
      " -H 'Content-Type: application/json' -H 'Authorization: Bearer " + server.admin_token() +
      "' http://127.0.0.1:" + std::to_string(server.port()) + UploadPath(id) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char chunk[4096];
  while (size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
  EXPECT_EQ(::pclose(pipe), 0) << output;
  ASSERT_GE(output.size(), 3u);
  EXPECT_EQ(output.substr(output.size() - 3), "200") << output;
  auto json = nlohmann::json::parse(output.substr(0, output.size() - 3), nullptr, false);
  ASSERT_TRUE(json.is_object()) << output;
  EXPECT_EQ(json["accepted"], 9000);
  EXPECT_EQ(json["success"], true);
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, GzipAndDeflateBodiesAreDecoded) {
  ServerProcess server;
  struct Case {
    std::string name;
    std::string encoding;
    std::string (*encode)(const std::string&);
  };
  const std::vector<Case> cases = {{"gzip", "gzip", Gzip},
                                   {"xgzip", "x-gzip", Gzip},
                                   {"zlib", "deflate", ZlibDeflate},
                                   {"raw", "deflate", RawDeflate}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string id = NewEndpoint(server, c.name);
    auto records = SampleRecords(c.name, 50);
    auto response =
        Upload(server, id, c.encode(JsonArray(records)),
               {{"Content-Type", "application/json"}, {"Content-Encoding", c.encoding}});
    ASSERT_TRUE(IsEnvelope(response, 200));
    EXPECT_EQ(response.Json()["accepted"], 50);
    EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
  }
}

TEST(IngestClients, GzipOfTwoMembersIsOneBody) {
  // RFC 1952 allows members back to back (`cat a.gz b.gz`); the body is their
  // concatenation.
  ServerProcess server;
  std::string id = NewEndpoint(server, "members");
  auto records = SampleRecords("m", 4);
  std::string text = JsonArray(records);
  std::string body = Gzip(text.substr(0, 30)) + Gzip(text.substr(30));
  auto response = Upload(server, id, body,
                         {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, BodiesThatDoNotDecodeAre400InvalidContentEncoding) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "bad");
  std::string good = Gzip(JsonArray(SampleRecords("b", 20)));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"gzip", "[{\"k\":1}]"},                    // not compressed at all
      {"gzip", good.substr(0, good.size() / 2)},  // cut short
      {"deflate", "this is no deflate stream"},
  };
  for (const auto& [encoding, body] : cases) {
    SCOPED_TRACE(encoding + " " + std::to_string(body.size()));
    auto response = Upload(server, id, body,
                           {{"Content-Type", "application/json"}, {"Content-Encoding", encoding}});
    ASSERT_TRUE(IsEnvelope(response, 400));
    EXPECT_EQ(MessageIds(response.Json(), "errors"),
              std::vector<std::string>{"invalid-content-encoding"});
    EXPECT_EQ(response.Json()["errors"][0]["domain"], "request");
    EXPECT_EQ(response.Json()["errors"][0]["rowIndex"], -1);
    // A refusal after the endpoint check leaves a receipt.
    std::string receipt = response.Json()["receiptId"];
    EXPECT_EQ(GetJson(server, "/api/v1/receipts/" + receipt)["httpStatus"], 400);
  }
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestClients, GzipBombIs413Quickly) {
  ServerProcess server(ServeArgs({"--set", "limits.bodyDecodedBytes=1MiB"}));
  std::string id = NewEndpoint(server, "bomb");
  // 16 MiB of spaces compress to about 16 KB; decoding must stop at the 1 MiB limit.
  std::string bomb = Gzip("[" + std::string(16u << 20, ' ') + "]");
  ASSERT_LT(bomb.size(), 32u << 10);
  auto start = Clock::now();
  auto response = Upload(server, id, bomb,
                         {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  ASSERT_TRUE(IsEnvelope(response, 413));
  auto json = response.Json();
  EXPECT_EQ(MessageIds(json, "errors"), std::vector<std::string>{"body-too-large"});
  // The message names the maximum, so the client knows how far to split.
  EXPECT_NE(json["errors"][0]["errorMessage"].get<std::string>().find("1048576"), std::string::npos)
      << response.body;
  EXPECT_EQ(
      GetJson(server, "/api/v1/receipts/" + json["receiptId"].get<std::string>())["httpStatus"],
      413);
  // A body just under the limit decodes fine.
  auto small = Upload(server, id, Gzip("[{\"k\":1}" + std::string(900 << 10, ' ') + "]"),
                      {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
  EXPECT_TRUE(IsEnvelope(small, 200));
}

TEST(IngestClients, BrotliZstdAndUnknownEncodingsAre415) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "br");
  for (const std::string encoding : {"br", "zstd", "compress", "gzip, br"}) {
    SCOPED_TRACE(encoding);
    auto response = Upload(server, id, "[{\"k\":1}]",
                           {{"Content-Type", "application/json"}, {"Content-Encoding", encoding}});
    ASSERT_TRUE(IsEnvelope(response, 415));
    EXPECT_EQ(MessageIds(response.Json(), "errors"),
              std::vector<std::string>{"unsupported-content-encoding"});
  }
  EXPECT_TRUE(AllRecords(server, id).empty());
}

TEST(IngestClients, ChunkedBodyInSeveralChunks) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "chunked");
  auto records = SampleRecords("ch", 30);
  std::string body = JsonArray(records);
  HttpConnection connection(server.port());
  connection.SendRaw(
      RequestHead(id, server.admin_token(),
                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
  // Cuts that fall inside a number ("1." | "50") and inside a string.
  const std::vector<size_t> cuts = {
      1,          body.find("1.50") + 2, body.find("Ada") + 1, body.size() / 2, body.size() - 1,
      body.size()};
  size_t from = 0;
  for (size_t to : cuts) {
    std::string piece = body.substr(from, to - from);
    char size[32];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    connection.SendRaw(std::string(size) + "\r\n" + piece + "\r\n");
    from = to;
  }
  connection.SendRaw("0\r\n\r\n");
  HttpResponse response = connection.ReadResponse();
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_EQ(response.Json()["accepted"], 30);
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, Http10RequestIsAnsweredAndTheConnectionCloses) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "http10");
  auto records = SampleRecords("h", 3);
  std::string body = JsonArray(records);
  HttpConnection connection(server.port());
  connection.SendRaw(RequestHead(id, server.admin_token(),
                                 "Content-Type: application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\n",
                                 "1.0") +
                     body);
  HttpResponse response = connection.ReadResponse();
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_NE(response.Header("connection"), "keep-alive");
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
}

TEST(IngestClients, NdjsonWithOneBadLineKeepsTheOthers) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "ndjson");
  // Line 1 a record (CRLF), line 2 blank, line 3 bad at column 10, line 4 a record, a
  // final newline. Records count non-blank lines: the bad one is rowIndex 1.
  const std::string line1 = "{\"k\":\"a\",\"v\":1.50}";
  const std::string line3 = "{\"k\":\"b\" x}";
  const std::string line4 = "{\"k\":\"c\",\"v\":-0}";
  const std::string body = line1 + "\r\n\r\n" + line3 + "\r\n" + line4 + "\n";
  for (const std::string type : {"application/x-ndjson", "application/jsonl"}) {
    SCOPED_TRACE(type);
    std::string endpoint = type == "application/jsonl" ? NewEndpoint(server, "jsonl") : id;
    auto response = Upload(server, endpoint, body, {{"Content-Type", type}});
    ASSERT_TRUE(IsEnvelope(response, 200));
    auto json = response.Json();
    EXPECT_EQ(json["received"], 3);
    EXPECT_EQ(json["accepted"], 2);
    EXPECT_EQ(json["rejected"], 1);
    ASSERT_EQ(MessageIds(json, "errors"), std::vector<std::string>{"invalid-json"});
    const auto& error = json["errors"][0];
    EXPECT_EQ(error["rowIndex"], 1);
    EXPECT_EQ(error["line"], 3);
    EXPECT_EQ(error["column"], 10);
    EXPECT_EQ(error["offset"], line1.size() + 4 + 9);
    EXPECT_EQ(error["domain"], "parsing");
    EXPECT_TRUE(json["warnings"].empty()) << response.body;
    EXPECT_TRUE(PreviewHoldsExactly(server, endpoint, {line1, line4}));
  }
}

TEST(IngestClients, OctetStreamTextPlainAndNoContentTypeAreReadAsJson) {
  ServerProcess server;
  const std::vector<std::pair<std::string, HeaderList>> cases = {
      {"nifi", {{"Content-Type", "application/octet-stream"}}},
      {"plain", {{"Content-Type", "text/plain"}}},
      {"none", {}},
  };
  for (const auto& [name, headers] : cases) {
    SCOPED_TRACE(name);
    std::string id = NewEndpoint(server, name);
    auto records = SampleRecords(name, 2);
    auto response = Upload(server, id, JsonArray(records), headers);
    ASSERT_TRUE(IsEnvelope(response, 200));
    auto json = response.Json();
    EXPECT_EQ(json["accepted"], 2);
    EXPECT_EQ(MessageIds(json, "warnings"), std::vector<std::string>{"content-type-assumed"});
    EXPECT_EQ(json["warnings"][0]["rowIndex"], -1);
    EXPECT_EQ(json["warnings"][0]["domain"], "request");
    EXPECT_TRUE(PreviewHoldsExactly(server, id, records));
  }
}

TEST(IngestClients, SingleObjectAndRecordsWrapper) {
  ServerProcess server;
  auto records = SampleRecords("s", 3);

  std::string single = NewEndpoint(server, "single");
  auto one = Upload(server, single, records[0]);
  ASSERT_TRUE(IsEnvelope(one, 200));
  EXPECT_EQ(one.Json()["received"], 1);
  EXPECT_EQ(MessageIds(one.Json(), "warnings"), std::vector<std::string>{"single-object-body"});
  EXPECT_TRUE(PreviewHoldsExactly(server, single, {records[0]}));

  std::string wrapped = NewEndpoint(server, "wrapped");
  auto many = Upload(server, wrapped, "{\"records\": " + JsonArray(records) + "}");
  ASSERT_TRUE(IsEnvelope(many, 200));
  EXPECT_EQ(many.Json()["received"], 3);
  EXPECT_EQ(many.Json()["accepted"], 3);
  EXPECT_TRUE(many.Json()["warnings"].empty()) << many.body;
  EXPECT_TRUE(PreviewHoldsExactly(server, wrapped, records));
}

TEST(IngestClients, EscapedStringsKeepTheirCharacters) {
  // Escapes may be stored in another spelling; the characters must be the same.
  ServerProcess server;
  std::string id = NewEndpoint(server, "escapes");
  auto response =
      Upload(server, id, R"([{"s":"Ada \u00e9 \"q\" \\ \/ \t \ud83d\ude00","n":1.50}])");
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_TRUE(response.Json()["warnings"].empty()) << response.body;
  auto stored = AllRecords(server, id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].item["data"]["s"], "Ada \xC3\xA9 \"q\" \\ / \t \xF0\x9F\x98\x80");
  EXPECT_NE(stored[0].raw_data.find("\"n\":1.50"), std::string::npos) << stored[0].raw_data;
}

TEST(IngestClients, TenThousandRecordsArePagedCompletely) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "many");
  std::vector<std::string> records;
  for (int i = 0; i < 10000; ++i) records.push_back("{\"k\":" + std::to_string(i) + "}");
  auto response = Upload(server, id, JsonArray(records));
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_EQ(response.Json()["accepted"], 10000);
  std::string receipt = response.Json()["receiptId"];

  auto stored = AllRecords(server, id);
  ASSERT_EQ(stored.size(), 10000u);
  std::set<std::string> ids, data;
  for (const auto& record : stored) {
    ids.insert(record.item["id"].get<std::string>());
    data.insert(record.raw_data);
    EXPECT_EQ(record.item["receiptId"], receipt);
  }
  EXPECT_EQ(ids.size(), 10000u);
  EXPECT_EQ(data, std::set<std::string>(records.begin(), records.end()));
  // Newest first: row 9999 leads; rowIndex names the record's place in the request.
  EXPECT_EQ(stored.front().raw_data, "{\"k\":9999}");
  EXPECT_EQ(stored.front().item["rowIndex"], 9999);
  EXPECT_EQ(stored.back().item["rowIndex"], 0);
}

TEST(IngestClients, EmptyArrayAndEmptyBodyAreEmptyBatches) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "empty");
  const std::vector<std::pair<std::string, HeaderList>> cases = {
      {"[]", kJson},
      {" [ ]\n", kJson},
      {"", kJson},
      {"", {}},
      {"", {{"Content-Type", "application/x-ndjson"}}}};
  for (const auto& [body, headers] : cases) {
    SCOPED_TRACE("\"" + body + "\"");
    auto response = Upload(server, id, body, headers);
    ASSERT_TRUE(IsEnvelope(response, 200));
    auto json = response.Json();
    EXPECT_EQ(json["success"], true);
    EXPECT_EQ(json["received"], 0);
    EXPECT_EQ(json["accepted"], 0);
    auto warnings = MessageIds(json, "warnings");
    EXPECT_NE(std::find(warnings.begin(), warnings.end(), "empty-batch"), warnings.end())
        << response.body;
  }
  EXPECT_TRUE(AllRecords(server, id).empty());
  // An empty batch accepts no record, so the endpoint has still had no data.
  EXPECT_EQ(GetJson(server, "/api/v1/endpoints/" + id)["status"], "no-data-sent");
}

TEST(IngestClients, Utf8BomIsDropped) {
  ServerProcess server;
  std::string id = NewEndpoint(server, "bom");
  auto records = SampleRecords("bom", 2);
  auto response = Upload(server, id, "\xEF\xBB\xBF" + JsonArray(records));
  ASSERT_TRUE(IsEnvelope(response, 200));
  EXPECT_EQ(MessageIds(response.Json(), "warnings"), std::vector<std::string>{"bom-removed"});
  EXPECT_TRUE(PreviewHoldsExactly(server, id, records));

  std::string ndjson = NewEndpoint(server, "bom-ndjson");
  auto lines = Upload(server, ndjson, "\xEF\xBB\xBF" + records[0] + "\n" + records[1] + "\n",
                      {{"Content-Type", "application/x-ndjson"}});
  ASSERT_TRUE(IsEnvelope(lines, 200));
  EXPECT_EQ(MessageIds(lines.Json(), "warnings"), std::vector<std::string>{"bom-removed"});
  EXPECT_TRUE(PreviewHoldsExactly(server, ndjson, records));
}

}  // namespace
}  // namespace inlet::testing
