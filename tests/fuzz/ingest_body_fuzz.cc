// Any bytes as an ingestion body: ProcessBody must neither crash nor store anything but
// compact JSON objects, and its counts must add up.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "inlet/ingest/ingest.h"

namespace {

void Require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the content type, so one corpus covers JSON and NDJSON.
  const auto format =
      data[0] % 2 == 0 ? inlet::ingest::BodyFormat::kJson : inlet::ingest::BodyFormat::kNdjson;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  inlet::ingest::Limits limits;
  limits.max_records = 1000;
  limits.max_columns = 50;
  limits.max_name_length = 40;
  limits.max_depth = 16;
  inlet::ingest::IssueCollector issues;
  const inlet::ingest::Outcome outcome = inlet::ingest::ProcessBody(body, format, limits, issues);

  Require(outcome.rejected <= outcome.received);
  Require(static_cast<int64_t>(outcome.accepted.size()) <= outcome.received);
  if (outcome.request_failed) Require(outcome.accepted.empty());
  int64_t previous_row = -1;
  for (const auto& record : outcome.accepted) {
    Require(record.row_index > previous_row);
    previous_row = record.row_index;
    Require(!record.data.empty() && record.data.front() == '{');
    const auto parsed = nlohmann::json::parse(record.data, nullptr, /*allow_exceptions=*/false);
    Require(!parsed.is_discarded() && parsed.is_object());
  }
  return 0;
}
