// "Did you mean" hints, so that a typo in a key name is caught and explained.
#include <algorithm>
#include <numeric>

#include "config/config_keys.h"

namespace inlet::config::internal {

namespace {
// Further than this and a suggestion is more likely to confuse than to help.
constexpr size_t kMaxSuggestionDistance = 2;
}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the classic dynamic programme; names are short.
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(name, candidates);
  return match.empty() ? "" : " (did you mean \"" + match + "\"?)";
}

}  // namespace inlet::config::internal
