// Start-up with files of the data directory that cannot be read (SPEC §8 "Faults"): a
// corrupt inlet.db stops `inlet serve` with a message naming it and saying what to do,
// and stays byte for byte as it was; a corrupt search.db (derived) is rebuilt and the
// server starts.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

namespace fs = std::filesystem;

std::string RandomBytes(size_t n) {
  std::mt19937 rng(7);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

// A data directory with one endpoint holding `records` records {"city":"Oslo",…}, left
// by a server that stopped cleanly; returns the endpoint id.
std::string StoreRecords(const std::string& data_dir, int records) {
  ServerProcess server(ServeDataDir(data_dir));
  std::string endpoint_id = CreateEndpoint(server, "corrupt")["id"];
  std::string body = "[";
  for (int i = 0; i < records; ++i) {
    body += (i ? "," : "") + std::string("{\"city\":\"Oslo\",\"i\":") + std::to_string(i) +
            ",\"pad\":\"" + std::string(300, 'x') + "\"}";
  }
  body += "]";
  EXPECT_EQ(Upload(server, endpoint_id, body).status, 200);
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(20000), 0) << server.Stderr();
  return endpoint_id;
}

void ExpectRefusedUntouched(const std::string& data_dir) {
  const std::string db = data_dir + "/inlet.db";
  const std::string before = ReadFile(db);
  CommandResult result = RunInlet({"serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find(fs::absolute(db).string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("restore it from a backup"), std::string::npos) << result.err;
  EXPECT_TRUE(ReadFile(db) == before) << "inlet.db changed";
  EXPECT_FALSE(fs::exists(db + "-wal"));
  EXPECT_FALSE(fs::exists(db + "-shm"));
}

TEST(CorruptFiles, InletDbOfRandomBytesRefusesTheStartAndIsLeftUntouched) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  fs::create_directory(data_dir);
  WriteFile(data_dir + "/inlet.db", RandomBytes(256 * 1024));
  ExpectRefusedUntouched(data_dir);
}

TEST(CorruptFiles, InletDbCutShortRefusesTheStartAndIsLeftUntouched) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  StoreRecords(data_dir, 2000);
  const std::string db = data_dir + "/inlet.db";
  const std::string whole = ReadFile(db);
  WriteFile(db, whole.substr(0, whole.size() / 2));
  ExpectRefusedUntouched(data_dir);
}

TEST(CorruptFiles, SearchDbOfRandomBytesIsRebuiltAndTheStartGoesOn) {
  TempDir temp;
  const std::string data_dir = temp.File("data");
  const std::string endpoint_id = StoreRecords(data_dir, 300);
  WriteFile(data_dir + "/search.db", RandomBytes(128 * 1024));

  ServerProcess server(ServeDataDir(data_dir));
  EXPECT_NE(server.Stderr().find("search index"), std::string::npos) << server.Stderr();
  // Every record is found again once the rebuilt index has caught up.
  size_t found = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    found = AllRecords(server, endpoint_id, "q=oslo").size();
    if (found == 300) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(found, 300u);
}

}  // namespace
}  // namespace inlet::testing
