#include "support/process_stats.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace inlet::testing {

ProcessStats ReadProcessStats(pid_t pid) {
  ProcessStats stats;
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream status(dir + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) stats.rss_kib = std::stoll(line.substr(6));
    if (line.starts_with("VmHWM:")) stats.peak_kib = std::stoll(line.substr(6));
  }
  std::ifstream stat(dir + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  int64_t utime = 0, stime = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14) utime = std::stoll(field);
    if (index == 15) {
      stime = std::stoll(field);
      break;
    }
  }
  stats.cpu_ms = (utime + stime) * 1000 / ::sysconf(_SC_CLK_TCK);
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++stats.open_files;
  }
  return stats;
}

void ReportFigure(const std::string& text) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "?";
  std::cout << "[figure] " << name << ": " << text << std::endl;
  ::testing::Test::RecordProperty("figure", text);
}

}  // namespace inlet::testing
