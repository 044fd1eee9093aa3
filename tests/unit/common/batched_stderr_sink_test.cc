// BatchedStderrSink: request lines reach stderr in order, within the delay, at once when
// a batch is full, at flush, and when the sink goes away.
#include "common/batched_stderr_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "support/temp_dir.h"

namespace inlet {
namespace {

using std::chrono::milliseconds;

// Points fd 2 at a file for the life of the object; what was written there is Read().
class CapturedStderr {
 public:
  CapturedStderr() : path_(dir_.File("stderr.txt")) {
    saved_ = ::dup(STDERR_FILENO);
    const int file = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(file, STDERR_FILENO);
    ::close(file);
  }
  ~CapturedStderr() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
  }
  std::string Read() const {
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  inlet::testing::TempDir dir_;
  std::string path_;
  int saved_ = -1;
};

std::shared_ptr<spdlog::logger> LoggerOn(std::shared_ptr<BatchedStderrSink> sink) {
  auto logger = std::make_shared<spdlog::logger>("test", std::move(sink));
  logger->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
  return logger;
}

TEST(BatchedStderrSinkTest, LinesArriveInOrderWithinTheDelay) {
  CapturedStderr captured;
  auto logger = LoggerOn(std::make_shared<BatchedStderrSink>(milliseconds(300), 1 << 20));
  std::string expected;
  for (int i = 0; i < 100; ++i) {
    logger->info("line {}", i);
    expected += "line " + std::to_string(i) + "\n";
  }
  EXPECT_EQ(captured.Read(), "") << "gathered, not yet written";
  for (int waited = 0; captured.Read() != expected && waited < 5000; waited += 10) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(captured.Read(), expected);
}

TEST(BatchedStderrSinkTest, AFullBatchIsWrittenAtOnce) {
  CapturedStderr captured;
  auto logger = LoggerOn(std::make_shared<BatchedStderrSink>(milliseconds(60000), 64));
  logger->info("short");
  EXPECT_EQ(captured.Read(), "");
  logger->info(std::string(80, 'x'));
  EXPECT_EQ(captured.Read(), "short\n" + std::string(80, 'x') + "\n");
}

TEST(BatchedStderrSinkTest, FlushAndTheEndWriteWhatWaits) {
  CapturedStderr captured;
  {
    auto logger = LoggerOn(std::make_shared<BatchedStderrSink>(milliseconds(60000), 1 << 20));
    logger->info("one");
    logger->flush();
    EXPECT_EQ(captured.Read(), "one\n");
    logger->info("two");
  }
  EXPECT_EQ(captured.Read(), "one\ntwo\n");
}

}  // namespace
}  // namespace inlet
