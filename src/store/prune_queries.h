// The deletes Store::Prune runs (private to store/), named here so a test can check that
// each is a search of a time index, not a scan of the table.
#pragma once

#include <vector>

namespace inlet::store {

struct PruneDelete {
  const char* sql;  // one parameter: the cut-off time, in ms since the epoch
  bool keys;        // cut off at the idempotency keys' retention, else the receipts'
};

// In the order they run: keys, then logs, then the receipts the logs point to.
const std::vector<PruneDelete>& PruneDeletes();

}  // namespace inlet::store
