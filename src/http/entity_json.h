// A golden record as the API answers it (SPEC §5), shared by the routes that return
// golden records: one by id, a page of them, the change feed and the export (private to
// http/).
#pragma once

#include <nlohmann/json.hpp>

#include "inlet/common/status.h"
#include "inlet/store/golden.h"
#include "inlet/usecase/golden_records.h"

namespace inlet::http {

// {"endpointId","recordId","receiptId"}.
nlohmann::json PartJson(const store::GoldenPartRef& part);

// The stored document plus what is read at request time: identity, edges, merges, and
// the cursors of the rest of its parts and codes. kInternal when the document cannot be
// read.
Result<nlohmann::json> EntityJson(usecase::GoldenRecords& records,
                                  const store::GoldenRecord& golden);

}  // namespace inlet::http
