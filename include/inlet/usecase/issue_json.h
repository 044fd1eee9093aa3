// An Issue as clients see it in every answer (SPEC §2.2): messageId, errorMessage,
// level, domain, rowIndex and the optional location members, each echo of client text cut
// to 256 characters.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "inlet/common/issue.h"

namespace inlet::usecase {

// `endpoint_id` and `receipt_id` fill dataSetId and receiptId (null when empty).
nlohmann::ordered_json IssueToJson(const Issue& issue, std::string_view endpoint_id,
                                   std::string_view receipt_id);

}  // namespace inlet::usecase
