#include "checks.h"

#include <cstdio>
#include <map>
#include <mutex>

namespace inlet::bench {
namespace {

std::mutex mutex;
int total = 0;
std::map<std::string, int> per_scenario;

}  // namespace

void Fail(const std::string& scenario, const std::string& what) {
  std::lock_guard lock(mutex);
  ++total;
  // One broken request type fails thousands of times; the first few say enough.
  int& count = per_scenario[scenario];
  if (++count <= 5) std::fprintf(stderr, "FAIL [%s] %s\n", scenario.c_str(), what.c_str());
  if (count == 6)
    std::fprintf(stderr, "FAIL [%s] (further failures counted only)\n", scenario.c_str());
}

int FailureCount() {
  std::lock_guard lock(mutex);
  return total;
}

}  // namespace inlet::bench
