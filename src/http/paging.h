// Cursor paging shared by the list routes (private to http/): `?limit=` and `?after=`,
// answered as {"items":[…],"next":<cursor|null>}.
#pragma once

#include <cstdint>
#include <optional>

#include "inlet/common/status.h"
#include "inlet/http/message.h"

namespace inlet::http {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// `?limit=`: 1..kMaxPageSize, default kDefaultPageSize.
Result<int> PageSize(const RequestHead& head);

// `?after=`: the "next" of a previous page (a non-negative integer), or nullopt.
Result<std::optional<int64_t>> PageCursor(const RequestHead& head);

// Both, for a list route: `?limit=` and `?after=`.
struct PageRequest {
  int limit = kDefaultPageSize;
  std::optional<int64_t> after;
};
Result<PageRequest> ReadPage(const RequestHead& head);

}  // namespace inlet::http
