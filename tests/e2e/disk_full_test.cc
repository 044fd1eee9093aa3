// A full disk under the real server (SPEC §8 "Faults"): the data directory lives on a
// small tmpfs the test mounts, filled with a file the test can delete. Ingestion is
// refused with 507 storage-full and Retry-After, every acknowledged record is stored
// and no refused one, the server recovers without a restart once space is back, and a
// restart on a full disk works. Mounting needs root (CI runs as root); elsewhere the
// tests are skipped, saying why.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

namespace fs = std::filesystem;

// A tmpfs of a fixed size, mounted on a fresh directory for the test's lifetime.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::string& size) : path_(temp_.File("mnt")) {
    fs::create_directory(path_);
    if (::geteuid() != 0) {
      error_ = "mounting a tmpfs needs root";
      return;
    }
    const std::string options = "size=" + size + ",mode=0700";
    if (::mount("inlet-test", path_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = std::string("mount -t tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

  uint64_t FreeBytes() const {
    struct statvfs stats {};
    if (::statvfs(path_.c_str(), &stats) != 0) return 0;
    return uint64_t{stats.f_bavail} * stats.f_frsize;
  }

  // Grows the filler file until at most `leave_bytes` are free.
  void Fill(uint64_t leave_bytes) {
    int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::string chunk(64 * 1024, 'f');
    while (FreeBytes() > leave_bytes) {
      size_t n = std::min<uint64_t>(chunk.size(), FreeBytes() - leave_bytes);
      if (::write(fd, chunk.data(), n) <= 0) break;  // ENOSPC: as full as it gets
    }
    ::close(fd);
  }
  void RemoveFiller() { fs::remove(filler()); }

 private:
  std::string filler() const { return path_ + "/filler"; }

  TempDir temp_;  // first: removed after the unmount
  std::string path_;
  std::string error_;
  bool mounted_ = false;
};

// One upload and what it was answered.
struct Sent {
  std::vector<std::string> keys;
  int status = 0;
  std::string retry_after;
  std::string message_id;
};

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    disk_ = std::make_unique<SmallFilesystem>("32m");
    if (!disk_->error().empty()) {
      GTEST_SKIP() << "the data directory must be on a small filesystem the test mounts ("
                   << disk_->error() << "); run as root, as CI does";
    }
    data_dir_ = disk_->path() + "/data";
    server_ = std::make_unique<ServerProcess>(ServeDataDir(data_dir_));
    endpoint_id_ = CreateEndpoint(*server_, "disk-full")["id"];
  }

  // Uploads `records` records of about 500 bytes, each with a key of its own.
  Sent Post(int records) {
    Sent sent;
    std::string body = "[";
    for (int i = 0; i < records; ++i) {
      sent.keys.push_back("r" + std::to_string(next_key_++));
      body += (i ? "," : "") + std::string("{\"k\":\"") + sent.keys.back() + "\",\"pad\":\"" +
              std::string(480, 'p') + "\"}";
    }
    body += "]";
    HttpResponse response = Upload(*server_, endpoint_id_, body);
    sent.status = response.status;
    sent.retry_after = response.Header("retry-after");
    if (response.status != 200) {
      auto json = nlohmann::json::parse(response.body, nullptr, false);
      if (json.is_object() && json["errors"].is_array() && !json["errors"].empty()) {
        sent.message_id = json["errors"][0].value("messageId", "");
      }
      EXPECT_TRUE(json.is_object() && json["receiptId"].is_null())
          << "a refused request names a receipt: " << response.body;
    }
    all_.push_back(sent);
    return sent;
  }

  // Posts until a request is refused (at most `limit` requests); returns the refusal.
  Sent PostUntilRefused(int limit) {
    for (int i = 0; i < limit; ++i) {
      Sent sent = Post(200);
      if (sent.status != 200) return sent;
    }
    ADD_FAILURE() << "no request was refused in " << limit << " on a full disk";
    return {};
  }

  // Every acknowledged record is stored once, no refused one is, and there are as many
  // receipts as acknowledged requests.
  void ExpectStoredExactlyTheAcknowledged() {
    std::map<std::string, int> stored;
    for (const auto& record : AllRecords(*server_, endpoint_id_)) {
      ++stored[record.item["data"].value("k", "")];
    }
    int acknowledged = 0;
    for (const auto& sent : all_) {
      if (sent.status == 200) ++acknowledged;
      for (const auto& key : sent.keys) {
        const int expected = sent.status == 200 ? 1 : 0;
        auto it = stored.find(key);
        const int have = it == stored.end() ? 0 : it->second;
        if (have != expected) {
          ADD_FAILURE() << key << " is stored " << have << " time(s); its request got "
                        << sent.status;
          return;
        }
      }
    }
    EXPECT_EQ(AllReceipts(*server_, endpoint_id_).size(), static_cast<size_t>(acknowledged));
  }

  void Restart() {
    server_->Signal(SIGTERM);
    ASSERT_EQ(server_->WaitForExit(20000), 0) << server_->Stderr();
    server_ = std::make_unique<ServerProcess>(ServeDataDir(data_dir_));
  }

  uint64_t WalBytes() const {
    std::error_code ec;
    uint64_t size = fs::file_size(data_dir_ + "/inlet.db-wal", ec);
    return ec ? 0 : size;
  }

  std::unique_ptr<SmallFilesystem> disk_;
  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string endpoint_id_;
  int next_key_ = 0;
  std::vector<Sent> all_;
};

TEST_F(DiskFullTest, RefusesWith507KeepsEveryAcknowledgedRecordAndRecoversWithoutRestart) {
  ASSERT_EQ(Post(200).status, 200);
  disk_->Fill(3 << 20);
  Sent refused = PostUntilRefused(400);
  EXPECT_EQ(refused.status, 507);
  EXPECT_EQ(refused.message_id, "storage-full");
  EXPECT_EQ(refused.retry_after, "30");
  int before_full = 0;
  for (const auto& sent : all_) before_full += sent.status == 200;
  // Refused again while the disk stays full, and /readyz says so.
  for (int i = 0; i < 3; ++i) {
    Sent again = Post(200);
    EXPECT_TRUE(again.status == 507 || again.status == 503) << again.status;
    EXPECT_FALSE(again.retry_after.empty());
  }
  EXPECT_EQ(server_->RequestAs("", "GET", "/readyz").status, 503);
  const uint64_t wal_when_full = WalBytes();
  ExpectStoredExactlyTheAcknowledged();

  // Space is back: the next requests are stored, without a restart.
  disk_->RemoveFiller();
  const auto freed = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post(200).status, 200);
  const auto recovered_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - freed)
                                .count();
  EXPECT_EQ(server_->RequestAs("", "GET", "/readyz").status, 200);
  ExpectStoredExactlyTheAcknowledged();

  Restart();
  ExpectStoredExactlyTheAcknowledged();
  int refusals = 0;
  for (const auto& sent : all_) refusals += sent.status != 200;
  std::cout << "disk full: " << before_full << " requests of 200 records acknowledged before the "
            << "first 507, " << refusals << " refused, WAL " << wal_when_full
            << " bytes while full; 5 requests stored " << recovered_ms
            << " ms after the filler was deleted; all verified after a restart" << std::endl;
}

TEST_F(DiskFullTest, RestartOnANearlyFullDiskStartsServesReadsAndRecovers) {
  ASSERT_EQ(Post(200).status, 200);
  disk_->Fill(2 << 20);
  EXPECT_EQ(PostUntilRefused(400).status, 507);
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->WaitForExit(20000), 0) << server_->Stderr();
  // Whatever the stop freed is taken too; left: room for SQLite's two -shm files.
  disk_->Fill(256 << 10);
  std::cout << "restart with " << disk_->FreeBytes() << " bytes free" << std::endl;

  server_ = std::make_unique<ServerProcess>(ServeDataDir(data_dir_));
  ExpectStoredExactlyTheAcknowledged();
  Sent refused = Post(200);
  EXPECT_EQ(refused.status, 507);
  disk_->RemoveFiller();
  EXPECT_EQ(Post(200).status, 200);
  ExpectStoredExactlyTheAcknowledged();
}

}  // namespace
}  // namespace inlet::testing
