// Full-text search of the preview (SPEC §3), built behind ingestion.
//
// The index lives in its own database file, <data dir>/search.db, with its own writer:
// FTS5 inserts are several times slower than appending records, so they must never sit
// in an ingestion commit. A background thread follows the records table by seq (never
// reused) and indexes what is new, at the lowest CPU priority, so under a burst of
// ingestion it falls behind and catches up afterwards; `Lag()` says how much is not yet
// searchable. The index is derived data: deleting search.db only costs re-indexing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/store/store.h"

namespace inlet::store {

class SearchIndex {
 public:
  // Opens or creates the index and starts following `store`, which must outlive it.
  // `poll_ms` is how long the follower sleeps once it has caught up. A search.db that
  // cannot be used (not a database, cut short, unreadable) is deleted with a warning
  // and made anew, so every record is indexed again: derived data never stops a start.
  // Fails when even a new one cannot be made (a full disk).
  static Result<std::unique_ptr<SearchIndex>> Open(const std::string& data_dir, Store& store,
                                                   int poll_ms = 100);
  virtual ~SearchIndex() = default;

  // Seqs of the endpoint's records matching every word of `query` (case- and
  // accent-insensitive; FTS5 syntax in it is taken literally; spaces and control
  // characters, NUL included, separate words), newest first, below `before_seq` when
  // given. Any bytes in `query` are a search, never an error.
  virtual Result<std::vector<int64_t>> Search(int64_t endpoint_key, std::string_view query,
                                              std::optional<int64_t> before_seq, int limit) = 0;
  // How many of the endpoint's stored records are not searchable yet.
  virtual Result<int64_t> Lag(int64_t endpoint_key) = 0;
  // Forgets the endpoint's index: its records were cleared or it was deleted.
  virtual Status Drop(int64_t endpoint_key) = 0;
};

}  // namespace inlet::store
