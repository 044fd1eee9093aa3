#include "http/descriptor_limit.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace inlet::http {

DescriptorPlan PlanDescriptors(int wanted, uint64_t soft, uint64_t hard) {
  DescriptorPlan plan;
  plan.soft_limit = soft;
  plan.max_connections = wanted;
  const uint64_t needed = static_cast<uint64_t>(wanted) + kDescriptorsBesidesConnections;
  if (soft >= needed) return plan;
  plan.soft_limit = std::min(needed, hard);
  plan.raised = plan.soft_limit > soft;
  if (plan.soft_limit < needed) {
    uint64_t fit = plan.soft_limit > kDescriptorsBesidesConnections
                       ? plan.soft_limit - kDescriptorsBesidesConnections
                       : 1;
    plan.max_connections = static_cast<int>(std::max<uint64_t>(1, fit));
    plan.lowered = true;
  }
  return plan;
}

int FitConnectionsToDescriptorLimit(int wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn("cannot read the file descriptor limit ({}); keeping server.maxConnections={}",
                 std::strerror(errno), wanted);
    return wanted;
  }
  DescriptorPlan plan = PlanDescriptors(wanted, limit.rlim_cur, limit.rlim_max);
  if (plan.raised) {
    rlimit raised = limit;
    raised.rlim_cur = plan.soft_limit;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      // Refused after all: fit the connections into what we have.
      plan = PlanDescriptors(wanted, limit.rlim_cur, limit.rlim_cur);
    } else {
      spdlog::info("raised the file descriptor limit from {} to {} for {} connections",
                   limit.rlim_cur, plan.soft_limit, plan.max_connections);
    }
  }
  if (plan.lowered) {
    spdlog::warn(
        "server.maxConnections={} needs {} file descriptors, but this process may open only "
        "{} (ulimit -n; hard limit {}); serving at most {} connections. Raise the limit "
        "(LimitNOFILE= in a systemd unit) to serve more",
        wanted, static_cast<uint64_t>(wanted) + kDescriptorsBesidesConnections, plan.soft_limit,
        limit.rlim_max, plan.max_connections);
  }
  return plan.max_connections;
}

}  // namespace inlet::http
