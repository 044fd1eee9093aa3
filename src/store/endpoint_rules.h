// What every backend checks before writing groups, sources and endpoints, worded once.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

#include "inlet/common/status.h"
#include "inlet/store/endpoints.h"

namespace inlet::store {

// kInvalidArgument "invalid-name" for a blank name; `what` is "endpoint", "source", …
inline Status CheckName(const std::string& name, const char* what) {
  bool blank =
      std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  if (!blank) return Status::Ok();
  return Status::InvalidArgument("invalid-name",
                                 std::string("the ") + what + " name must not be empty");
}

// kConflict "endpoint-has-processed-data": deleting `endpoint` without force while it has
// data parts in golden records.
inline Status ProcessedDataConflict(const Endpoint& endpoint) {
  return Status::Conflict("endpoint-has-processed-data",
                          "endpoint " + endpoint.id + " has " +
                              std::to_string(endpoint.data_part_count) +
                              " data parts in golden records; delete with force to remove "
                              "them too");
}

}  // namespace inlet::store
