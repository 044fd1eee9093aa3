// The canonical form of a stored record: one compact JSON object, columns in document
// order, numbers as their source text, strings with minimal escaping. Writing it again
// from its own parse gives the same bytes, which is what makes repair idempotent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/record_repair.h"
#include "ingest/record_tree.h"

namespace inlet::ingest {

// Writes `{"name":value,...}` for the repairer's columns to `*out`, replacing it. Each
// column's value is a scalar or an array of scalars; names are valid (letters, digits
// and '_'), so they need no escaping.
void WriteRecord(const RecordTree& tree, const RecordRepairer& repairer, std::string* out);

// Appends one scalar or array-of-scalars node in canonical form.
void WriteValue(const RecordTree& tree, uint32_t index, std::string& out);

}  // namespace inlet::ingest
