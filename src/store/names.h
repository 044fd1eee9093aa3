// What every backend checks of a name before storing it: a group, source or endpoint
// name must hold something besides white space.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

#include "inlet/common/status.h"

namespace inlet::store {

// kInvalidArgument "invalid-name" for a blank name; `what` is "endpoint", "source", …
inline Status CheckName(const std::string& name, const char* what) {
  bool blank =
      std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  if (!blank) return Status::Ok();
  return Status::InvalidArgument("invalid-name",
                                 std::string("the ") + what + " name must not be empty");
}

}  // namespace inlet::store
