// Preview search on PostgreSQL (private to the store module; SPEC §12). As on SQLite, the
// index follows the records behind ingestion: a thread on every node indexes the records
// past store_meta's 'words_through' into record_words (their folded words, a GIN index),
// while holding that row, so one node at a time does it and the others find it taken.
// Lag is how many of an endpoint's records lie past words_through: the same on every
// node. The index is derived data: record_words can always be built again from records.
#pragma once

#include <memory>

#include "inlet/store/search_index.h"
#include "store/pg_pool.h"

namespace inlet::store {

// `poll_ms`: how long the follower sleeps once it has caught up (or another node holds
// the index).
std::unique_ptr<SearchIndex> NewPgSearchIndex(std::shared_ptr<PgPool> pool, int poll_ms = 100);

}  // namespace inlet::store
