// Deterministic customer-like records (~12 fields, ~300 bytes of compact JSON). The
// benchmark never keeps what it sent: it regenerates a record from its (stream, index)
// to compare it with what the server stored, so every scenario can be verified without
// holding its payload.
#pragma once

#include <cstdint>
#include <string>

namespace inlet::bench {

// Which email a record carries, and so which records share that identifier.
enum class Emails {
  kOwn,          // each its own
  kPairs,        // every 20th takes the one of the record before: 10% share (scenario 5)
  kAllShareOne,  // every record takes the one of record 0 (scenario 9)
};

// A run of consecutive records of one stream, as sent in one request.
struct RecordRange {
  uint32_t stream = 0;  // one per scenario (and endpoint), so customer ids never repeat
  int64_t first = 0;
  int64_t count = 0;
  // 1: the "changed" version of a record: same customerId, other phone and modifiedAt.
  int variant = 0;
  Emails emails = Emails::kOwn;
};

// Appends one record as compact JSON, exactly as the server stores a clean record.
void AppendRecord(std::string& out, uint32_t stream, int64_t index, int variant, Emails emails);

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
    AppendRecord(piece, range.stream, range.first + i, range.variant, range.emails);
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
