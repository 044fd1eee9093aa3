// What the benchmark found wrong. Any failure makes it exit non-zero: a fast number
// from a server that lost or changed a record is worth nothing.
#pragma once

#include <string>

namespace inlet::bench {

// Thread-safe. Prints the first failures of each scenario as they happen, counts all.
void Fail(const std::string& scenario, const std::string& what);
int FailureCount();

// Checks a condition, failing with `what` when it does not hold.
inline bool Expect(bool ok, const std::string& scenario, const std::string& what) {
  if (!ok) Fail(scenario, what);
  return ok;
}

}  // namespace inlet::bench
