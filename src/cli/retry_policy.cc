#include "inlet/cli/retry_policy.h"

#include <algorithm>
#include <charconv>

namespace inlet::cli {

bool ShouldRetry(int status, std::string_view message_id) {
  switch (status) {
    case 0:
    case 429:
    case 502:
    case 503:
    case 504:
      return true;
    case 409:
      return message_id == "idempotency-key-in-flight";
    default:
      return false;
  }
}

bool PacedByServer(int status, std::string_view retry_after) {
  return !retry_after.empty() && (status == 503 || status == 429 || status == 409);
}

std::chrono::milliseconds RetryWait(int retry, std::string_view retry_after, double jitter) {
  using std::chrono::milliseconds;
  milliseconds base{0};
  int64_t seconds = 0;
  auto [end, ec] =
      std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
  if (!retry_after.empty() && ec == std::errc() && end == retry_after.data() + retry_after.size() &&
      seconds >= 0) {
    base = std::min<milliseconds>(std::chrono::seconds(seconds), kMaxRetryWait);
  } else {
    int doublings = std::clamp(retry - 1, 0, 6);  // 0.5 s · 2^6 = 32 s
    base = std::min(milliseconds(500 << doublings), milliseconds(30000));
  }
  jitter = std::clamp(jitter, 0.0, 1.0);
  return base + milliseconds(static_cast<int64_t>(static_cast<double>(base.count()) * jitter / 4));
}

}  // namespace inlet::cli
