// Preview search on PostgreSQL (private to the store module): the records table's GIN
// index over the words of each record's values (inlet_words, pg_schema.cc) answers it, so
// a record is searchable once committed and Lag is always 0; nothing to drop either, the
// records' index rows go with them.
#pragma once

#include <memory>

#include "inlet/store/search_index.h"
#include "store/pg_pool.h"

namespace inlet::store {

std::unique_ptr<SearchIndex> NewPgSearchIndex(std::shared_ptr<PgPool> pool);

}  // namespace inlet::store
