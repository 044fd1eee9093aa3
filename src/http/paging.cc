#include "http/paging.h"

#include <charconv>
#include <string>

namespace inlet::http {

Result<int> PageSize(const RequestHead& head) {
  auto text = head.QueryParam("limit");
  if (!text) return kDefaultPageSize;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size() || limit < 1 ||
      limit > kMaxPageSize) {
    return Status::InvalidArgument(
        "invalid-request",
        "\"limit\" must be a whole number from 1 to " + std::to_string(kMaxPageSize));
  }
  return limit;
}

Result<std::optional<int64_t>> PageCursor(const RequestHead& head) {
  auto text = head.QueryParam("after");
  if (!text) return std::optional<int64_t>();
  int64_t after = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), after);
  if (ec != std::errc() || end != text->data() + text->size() || after < 0) {
    return Status::InvalidArgument("invalid-request",
                                   "\"after\" must be a cursor from a previous page's \"next\"");
  }
  return std::optional<int64_t>(after);
}

Result<PageRequest> ReadPage(const RequestHead& head) {
  auto limit = PageSize(head);
  if (!limit.ok()) return limit.status();
  auto after = PageCursor(head);
  if (!after.ok()) return after.status();
  return PageRequest{*limit, *after};
}

}  // namespace inlet::http
