// Deterministic customer-like records (~12 fields, ~300 bytes of compact JSON). The
// benchmark never keeps what it sent: it regenerates a record from its (stream, index)
// to compare it with what the server stored, so every scenario can be verified without
// holding its payload.
#pragma once

#include <cstdint>
#include <string>

namespace inlet::bench {

// A run of consecutive records of one stream, as sent in one request.
struct RecordRange {
  uint32_t stream = 0;  // one per scenario (and endpoint), so customer ids never repeat
  int64_t first = 0;
  int64_t count = 0;
  // 1: the "changed" version of a record: same customerId, other phone and modifiedAt.
  int variant = 0;
  // Every 20th record takes the email of the record before it, so 10% of the records
  // share an identifier with another one (scenario 5).
  bool shared_emails = false;
};

// Appends one record as compact JSON, exactly as the server stores a clean record.
void AppendRecord(std::string& out, uint32_t stream, int64_t index, int variant,
                  bool shared_emails);

std::string Record(const RecordRange& range, int64_t row_index);

// A JSON array body holding the whole range.
std::string ArrayBody(const RecordRange& range);

// Calls `sink` with consecutive pieces of ArrayBody(range), each of about `piece_bytes`,
// so a large body can be sent without being held whole.
template <typename Sink>
void StreamArrayBody(const RecordRange& range, size_t piece_bytes, Sink&& sink) {
  std::string piece = "[";
  for (int64_t i = 0; i < range.count; ++i) {
    if (i > 0) piece += ',';
    AppendRecord(piece, range.stream, range.first + i, range.variant, range.shared_emails);
    if (piece.size() >= piece_bytes) {
      sink(piece);
      piece.clear();
    }
  }
  piece += ']';
  sink(piece);
}

// The size of ArrayBody(range), for a Content-Length sent before the body is made.
size_t ArrayBodySize(const RecordRange& range);

}  // namespace inlet::bench
