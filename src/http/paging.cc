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
  INLET_ASSIGN_OR_RETURN(auto limit, PageSize(head));
  INLET_ASSIGN_OR_RETURN(auto after, PageCursor(head));
  return PageRequest{limit, after};
}

bool PageItems::Add(std::string item, int64_t cursor) {
  const uint64_t size = item.size() + (items_.empty() ? 0 : 1);  // with its comma
  if (full_ || (!items_.empty() && bytes_ + size > max_bytes_)) {
    full_ = true;
    return false;
  }
  bytes_ += size;
  last_cursor_ = cursor;
  items_.push_back(std::move(item));
  return true;
}

std::string PageItems::Body(std::optional<int64_t> whole_page_next, std::string_view extra) const {
  std::string body = "{\"items\":[";
  body.reserve(bytes_ + 64 + extra.size());
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i) body.push_back(',');
    body += items_[i];
  }
  body += "],\"next\":";
  std::optional<int64_t> next = full_ ? last_cursor_ : whole_page_next;
  body += next ? "\"" + std::to_string(*next) + "\"" : std::string("null");
  body += extra;
  body += "}";
  return body;
}

}  // namespace inlet::http
