// Cursor paging shared by the list routes (private to http/): `?limit=` and `?after=`,
// answered as {"items":[…],"next":<cursor|null>}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The items of one list answer, bounded in bytes (limits.pageBytes) as well as in count:
// an item is taken while the items stay within `max_bytes`, and the first always, so a
// page is never empty while items remain and one item larger than the bound is still
// sent whole. The page's "next" continues from the last item taken.
class PageItems {
 public:
  explicit PageItems(uint64_t max_bytes) : max_bytes_(max_bytes) {}

  // Takes `item` (JSON text) whose cursor is `cursor`, unless the page is full; false
  // when it was not taken (the page ended before it).
  bool Add(std::string item, int64_t cursor);
  bool full() const { return full_; }

  // {"items":[…],"next":…`extra`}: "next" is the cursor of the last item taken when the
  // page ended early, else `whole_page_next` (the last cursor the query returned when it
  // returned as many as it was asked for, nullopt when it had no more). `extra` is
  // further members, e.g. ",\"indexLag\":0".
  std::string Body(std::optional<int64_t> whole_page_next, std::string_view extra = "") const;

 private:
  uint64_t max_bytes_;
  uint64_t bytes_ = 0;
  bool full_ = false;
  std::optional<int64_t> last_cursor_;
  std::vector<std::string> items_;
};

}  // namespace inlet::http
