// A record ingestion accepted, before the store gives it a seq and an id.
#pragma once

#include <cstdint>
#include <string>

namespace inlet {

struct AcceptedRecord {
  int64_t row_index = 0;  // 0-based position among the body's records (SPEC §2)
  // The repaired record: one compact JSON object. Numbers keep their exact source text,
  // strings their exact characters (escapes resolved, then re-escaped minimally).
  std::string data;
};

}  // namespace inlet
