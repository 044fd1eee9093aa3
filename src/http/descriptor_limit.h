// Fitting server.maxConnections to the process's file descriptor limit (SPEC §8), so the
// server refuses connections with a 503 instead of running out of descriptors while
// accepting (private to http/).
#pragma once

#include <cstdint>
#include <string>

namespace inlet::http {

// Descriptors kept for everything but client connections: database and WAL files of
// every SQLite connection, the listening socket, epoll, timers, signals, log files, and
// the brief socket of a connection refused over the limit.
constexpr uint64_t kDescriptorsBesidesConnections = 128;

struct DescriptorPlan {
  uint64_t soft_limit = 0;  // the RLIMIT_NOFILE soft limit to set (unchanged if not raised)
  int max_connections = 0;  // the connection limit to use
  bool raised = false;      // soft_limit is above the current one
  bool lowered = false;     // max_connections is below the configured one
};

// What to do for `wanted` connections given the current soft and hard limits: raise the
// soft limit as far as needed and allowed, else lower the connection limit.
DescriptorPlan PlanDescriptors(int wanted, uint64_t soft, uint64_t hard);

// Applies PlanDescriptors to this process: raises the soft limit when needed and logs
// what it did. Returns the connection limit to use.
int FitConnectionsToDescriptorLimit(int wanted);

}  // namespace inlet::http
