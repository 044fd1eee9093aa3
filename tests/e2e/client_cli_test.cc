// The command line client (SPEC §9) against the real server: the binary run as a user
// would, its output, exit codes and what the server stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

#include "inlet/common/gzip.h"
#include "support/answer_dropping_proxy.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"
#include "support/tls.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;

std::string Url(const ServerProcess& server) {
  return std::string(server.tls() ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(server.port());
}

// `inlet <args>` as a client of `server`, with its address and admin token from the
// environment, as a user who exported them would run it.
CommandResult Client(const ServerProcess& server, std::vector<std::string> args,
                     const std::string& url = "") {
  std::map<std::string, std::string> env = {{"INLET_URL", url.empty() ? Url(server) : url},
                                            {"INLET_TOKEN", server.admin_token()}};
  if (server.tls()) {
    args.push_back("--cacert");
    args.push_back(Certificates().ca);
  }
  return RunInlet(args, env);
}

int64_t RecordCount(const ServerProcess& server, const std::string& endpoint_id) {
  return server.Request("GET", "/api/v1/endpoints/" + endpoint_id).Json()["recordCount"];
}

// NDJSON of `count` records with the numbers from `first` on.
std::string Ndjson(int count, int first = 0) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    text += "{\"customer id\": " + std::to_string(i) + ", \"name\": \"n" + std::to_string(i) +
            "\", \"email\": \"c" + std::to_string(i) + "@example.com\"}\n";
  }
  return text;
}

TEST(ClientCli, EndpointCreateListAndShow) {
  ServerProcess server;
  auto created = Client(server, {"endpoint", "create", "--name", "orders", "--source", "shop",
                                 "--group", "sales", "--entity-type", "/Order"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::smatch lines;
  ASSERT_TRUE(std::regex_match(created.out, lines, std::regex("([0-9a-f-]{36})\n(\\S+)\n")))
      << created.out;
  const std::string id = lines[1];
  EXPECT_EQ(lines[2], Url(server) + "/upload/api/endpoint/" + id);

  auto listed = Client(server, {"endpoint", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(id + "\torders\tshop\tsales\tmanual\tno-data-sent\t0"));

  auto shown = Client(server, {"endpoint", "show", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  auto endpoint = nlohmann::json::parse(shown.out);
  EXPECT_EQ(endpoint["mapping"]["entityType"], "/Order");
  EXPECT_EQ(endpoint["instructions"]["url"], lines[2].str());

  auto missing = Client(server, {"endpoint", "show", "0191d1c5-0000-7000-8000-000000000000"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("HTTP 404 endpoint-not-found"));
}

TEST(ClientCli, PostSendsAGzippedFileInBatchesAndEveryRecordIsStoredOnce) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  WriteFile(temp.File("customers.ndjson.gz"), Gzip(Ndjson(25000)));
  auto posted = Client(
      server, {"post", "--endpoint", id, "--batch", "4000", temp.File("customers.ndjson.gz")});
  ASSERT_EQ(posted.exit_code, 0) << posted.err << posted.out;
  EXPECT_THAT(posted.out,
              HasSubstr("posted 25000 records in 7 batches: 25000 accepted, 0 rejected, 25000 "
                        "warnings"));
  EXPECT_THAT(posted.err, HasSubstr("warnings: 25000 ("));
  EXPECT_THAT(posted.err, HasSubstr("space-in-property"));
  EXPECT_EQ(RecordCount(server, id), 25000);
}

TEST(ClientCli, RejectedRecordsAreNamedByFileAndLineAndTheExitCodeIsTwo) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  WriteFile(temp.File("records.json"),
            "[\n  {\"a\": 1},\n  null,\n  {\"b\": \"broken\nstring\"},\n  {\"c\": 3}, 7\n]\n");
  auto posted = Client(server, {"post", "--endpoint", id, temp.File("records.json")});
  EXPECT_EQ(posted.exit_code, 2) << posted.err;
  EXPECT_THAT(posted.err, HasSubstr("records.json:3: empty-record"));
  EXPECT_THAT(posted.err, HasSubstr("records.json:4: invalid-json"));
  EXPECT_THAT(posted.err, HasSubstr("records.json:6: record-not-object"));
  EXPECT_THAT(posted.out, HasSubstr("posted 5 records in 1 batches: 2 accepted, 3 rejected"));
  EXPECT_EQ(RecordCount(server, id), 2);

  auto dry = Client(server, {"post", "--endpoint", id, "--dry-run", temp.File("records.json")});
  EXPECT_EQ(dry.exit_code, 2);
  EXPECT_THAT(dry.out, HasSubstr("dry run, nothing stored"));
  EXPECT_EQ(RecordCount(server, id), 2);
}

// The answer to the first batch is lost after the server stored it: the retry carries the
// same Idempotency-Key and gets the first answer back instead of storing the batch again.
TEST(ClientCli, ABatchWhoseAnswerWasLostIsRetriedAndStoredOnce) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "customers")["id"];
  AnswerDroppingProxy proxy(server.port(), 1);
  TempDir temp;
  WriteFile(temp.File("customers.ndjson"), Ndjson(3000));
  auto posted = Client(server,
                       {"post", "--endpoint", id, "--batch", "1000", "--parallel", "1",
                        temp.File("customers.ndjson")},
                       "http://127.0.0.1:" + std::to_string(proxy.port()));
  ASSERT_EQ(posted.exit_code, 0) << posted.err << posted.out;
  EXPECT_EQ(proxy.dropped(), 1);
  EXPECT_THAT(posted.out, HasSubstr("3000 accepted"));
  EXPECT_THAT(posted.out, HasSubstr("; 1 retry"));
  EXPECT_EQ(RecordCount(server, id), 3000);
}

// A server whose in-flight ceiling is far below what the parallel batches hold refuses
// them with 503 + Retry-After; every batch is sent again until it is stored, once. Those
// refusals are the server pacing its clients, not failures: --retries 0 still waits them
// out.
TEST(ClientCli, BatchesRefusedWith503AreRetriedUntilStored) {
  ServerProcess server(
      ServeArgs({"--set", "limits.bodyWireBytes=1MiB", "--set", "limits.inflightBodyBytes=1MiB"}));
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  WriteFile(temp.File("customers.ndjson.gz"), Gzip(Ndjson(20000)));
  auto posted = Client(server, {"post", "--endpoint", id, "--batch", "5000", "--parallel", "6",
                                "--retries", "0", temp.File("customers.ndjson.gz")});
  ASSERT_EQ(posted.exit_code, 0) << posted.err << posted.out;
  std::smatch retries;
  ASSERT_TRUE(std::regex_search(posted.out, retries, std::regex("; (\\d+) retr"))) << posted.out;
  EXPECT_GT(std::stoi(retries[1]), 0) << posted.out;
  EXPECT_EQ(RecordCount(server, id), 20000);
  auto metrics = server.RequestAs("", "GET", "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("status=\"503\""));
}

// A server with lower limits than the client's defaults answers 413: the batch is sent
// again in halves until each fits, and a record too large on its own is rejected alone.
TEST(ClientCli, ABatchLargerThanTheServerTakesIsSplitUntilItFits) {
  ServerProcess server(
      ServeArgs({"--set", "limits.bodyWireBytes=1MiB", "--set", "limits.inflightBodyBytes=1MiB"}));
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  std::string huge = "{\"customer id\": -1, \"notes\": \"" + std::string(3 << 20, 'x') + "\"}\n";
  WriteFile(temp.File("customers.ndjson.gz"), Gzip(Ndjson(15000) + huge + Ndjson(5000, 15000)));
  auto posted = Client(server, {"post", "--endpoint", id, temp.File("customers.ndjson.gz")});
  EXPECT_EQ(posted.exit_code, 2) << posted.err << posted.out;
  EXPECT_THAT(posted.err, HasSubstr("customers.ndjson.gz:15001: body-too-large: the record alone"));
  EXPECT_THAT(posted.out, HasSubstr("posted 20001 records in "));
  EXPECT_THAT(posted.out, HasSubstr(": 20000 accepted, 1 rejected"));
  EXPECT_EQ(RecordCount(server, id), 20000);
}

TEST(ClientCli, ProcessWaitsForTheJobAndExportWritesTheGoldenRecords) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  WriteFile(temp.File("customers.ndjson"), Ndjson(500) + Ndjson(100));  // 100 sent again
  ASSERT_EQ(Client(server, {"post", "--endpoint", id, temp.File("customers.ndjson")}).exit_code, 0);
  ASSERT_EQ(server.Request("POST", "/api/v1/endpoints/" + id + "/mapping/auto?apply=true").status,
            200);

  auto processed = Client(server, {"process", "--endpoint", id, "--wait"});
  ASSERT_EQ(processed.exit_code, 0) << processed.err;
  EXPECT_TRUE(std::regex_search(
      processed.out, std::regex("^job [0-9a-f-]{36} done: 600 of 600 records; 500 created, "
                                "0 merged, 100 unchanged, 0 failed in ")))
      << processed.out;

  auto exported = Client(server, {"export", "--type", "/Customer", "--format", "csv", "--output",
                                  temp.File("customers.csv")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream csv(temp.File("customers.csv"));
  int lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 501);  // a header and one line per golden record

  auto ndjson = Client(server, {"export"});
  ASSERT_EQ(ndjson.exit_code, 0) << ndjson.err;
  EXPECT_EQ(std::count(ndjson.out.begin(), ndjson.out.end(), '\n'), 500);
}

TEST(ClientCli, AWrongTokenOrAnUnreachableServerEndsWithExitCodeOne) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "customers")["id"];
  TempDir temp;
  WriteFile(temp.File("r.ndjson"), Ndjson(10));
  auto refused =
      Client(server, {"post", "--endpoint", id, "--token", "not-a-token", temp.File("r.ndjson")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("stopped: the batch of"));
  EXPECT_THAT(refused.out, HasSubstr("HTTP 401 unauthenticated"));

  auto unreachable =
      Client(server, {"post", "--endpoint", id, "--retries", "1", temp.File("r.ndjson")},
             "http://127.0.0.1:1");
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_THAT(unreachable.out, HasSubstr("(after 1 retry in "));
  EXPECT_EQ(RecordCount(server, id), 0);
}

TEST(ClientCli, TheAdminTokenFileOfTheDataDirectoryIsTheDefaultToken) {
  ServerProcess server;
  auto listed =
      RunInlet({"endpoint", "list", "--server", Url(server), "--data-dir", server.data_dir()},
               {{"INLET_TOKEN", ""}});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
}

TEST(ClientCli, SpeaksHttpsTrustingTheCaItIsGiven) {
  ServerProcess::Options options;
  options.tls = true;
  ServerProcess server(options);
  auto listed = Client(server, {"endpoint", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  auto untrusted = RunInlet({"endpoint", "list", "--server", Url(server), "--token",
                             server.admin_token(), "--cacert", Certificates().other_ca});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_THAT(untrusted.err, HasSubstr("certificate"));
}

}  // namespace
}  // namespace inlet::testing
