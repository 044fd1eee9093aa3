// Rows read into the store's types, and the values both engines store alike, once for
// every backend: the column lists both engines accept as written, and readers over any
// row that offers Int, OptionalInt, Text and Blob (and IsNull) by column (SQLite's
// Statement, PostgreSQL's PgRow).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/store/endpoints.h"
#include "inlet/store/golden.h"
#include "inlet/store/jobs.h"
#include "inlet/store/logs.h"
#include "inlet/store/records.h"
#include "inlet/store/tokens.h"
#include "store/word_list.h"

namespace inlet::store {

constexpr char kTokenColumns[] =
    "SELECT id, name, secret_hash, scopes, endpoint_ids, created_at, expires_at, revoked_at "
    "FROM tokens ";

template <typename Row>
Result<TokenRecord> TokenFromRow(const Row& row) {
  TokenRecord token;
  token.id = row.Text(0);
  token.name = row.Text(1);
  const auto hash = row.Blob(2);
  if (hash.size() != token.secret_hash.size()) {
    return Status::Internal("read token " + token.id + ": stored hash has the wrong size");
  }
  std::memcpy(token.secret_hash.data(), hash.data(), hash.size());
  token.scopes = SplitWords(row.Text(3));
  token.endpoint_ids = SplitWords(row.Text(4));
  token.created_at_ms = row.Int(5);
  token.expires_at_ms = row.OptionalInt(6);
  token.revoked_at_ms = row.OptionalInt(7);
  return token;
}

constexpr char kEndpointColumns[] =
    "SELECT e.key, e.id, e.name, e.source_id, s.name, g.name, e.mode, e.status, e.mapping, "
    "e.created_at, e.updated_at, e.record_count, e.data_part_count, e.processed_through_seq "
    "FROM endpoints e JOIN sources s ON s.id = e.source_id JOIN groups g ON g.id = s.group_id ";

template <typename Row>
Result<Endpoint> EndpointFromRow(const Row& row) {
  Endpoint endpoint;
  endpoint.key = row.Int(0);
  endpoint.id = row.Text(1);
  endpoint.name = row.Text(2);
  endpoint.source_id = row.Int(3);
  endpoint.source_name = row.Text(4);
  endpoint.group_name = row.Text(5);
  std::optional<ProcessingMode> mode = ParseProcessingMode(row.Text(6));
  std::optional<EndpointStatus> status = ParseEndpointStatus(row.Text(7));
  if (!mode || !status) {
    return Status::Internal("read endpoint " + endpoint.id + ": unknown mode or status stored");
  }
  endpoint.mode = *mode;
  endpoint.status = *status;
  endpoint.mapping_json = row.Text(8);
  endpoint.created_at_ms = row.Int(9);
  endpoint.updated_at_ms = row.Int(10);
  endpoint.record_count = row.Int(11);
  endpoint.data_part_count = row.Int(12);
  endpoint.processed_through_seq = row.Int(13);
  return endpoint;
}

// `response` is the 12th column; lists read '' in its place (GetReceipt reads it).
#define INLET_RECEIPT_COLUMNS(response)                                                    \
  "SELECT rc.seq, rc.id, e.id, rc.received_at, rc.http_status, rc.received, rc.accepted, " \
  "rc.rejected, rc.warnings, rc.errors, rc.times_processed, " response                     \
  ", rc.first_record_seq, rc.last_record_seq, rc.endpoint_key, rc.golden_created, "        \
  "rc.golden_merged, rc.golden_unchanged, rc.golden_failed "                               \
  "FROM receipts rc JOIN endpoints e ON e.key = rc.endpoint_key "
constexpr char kReceiptColumns[] = INLET_RECEIPT_COLUMNS("rc.response");
constexpr char kReceiptListColumns[] = INLET_RECEIPT_COLUMNS("''");
#undef INLET_RECEIPT_COLUMNS

template <typename Row>
Receipt ReceiptFromRow(const Row& row) {
  Receipt receipt;
  receipt.seq = row.Int(0);
  receipt.id = row.Text(1);
  receipt.endpoint_id = row.Text(2);
  receipt.received_at_ms = row.Int(3);
  receipt.http_status = static_cast<int>(row.Int(4));
  receipt.received = row.Int(5);
  receipt.accepted = row.Int(6);
  receipt.rejected = row.Int(7);
  receipt.warnings = row.Int(8);
  receipt.errors = row.Int(9);
  receipt.times_processed = row.Int(10);
  receipt.response = row.Text(11);
  receipt.first_record_seq = row.OptionalInt(12);
  receipt.last_record_seq = row.OptionalInt(13);
  receipt.endpoint_key = row.Int(14);
  receipt.golden = {row.Int(15), row.Int(16), row.Int(17), row.Int(18)};
  return receipt;
}

// A macro, not a constant: the SQLite store's prepared statements are built from it at
// compile time.
#define INLET_STORED_RECORD_COLUMNS                                                       \
  "SELECT r.seq, r.endpoint_key, r.id, COALESCE(rc.id, ''), r.received_at, r.row_index, " \
  "r.data, r.receipt_seq FROM records r LEFT JOIN receipts rc ON rc.seq = r.receipt_seq "

template <typename Row>
StoredRecord RecordFromRow(const Row& row) {
  return {row.Int(0), row.Int(1), row.Text(2), row.Text(3),
          row.Int(4), row.Int(5), row.Text(6), row.Int(7)};
}

// The "0,4,17" the logs table keeps of a log row's first row indexes.
inline std::string RowIndexesText(const std::vector<int64_t>& indexes) {
  std::string text;
  for (int64_t index : indexes) {
    if (!text.empty()) text.push_back(',');
    text += std::to_string(index);
  }
  return text;
}

// LIKE pattern matching `text` anywhere, with the wildcards in it taken literally (both
// engines are given ESCAPE '\\').
inline std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

// Back from RowIndexesText; a number that does not read is skipped.
inline std::vector<int64_t> ParseRowIndexes(std::string_view text) {
  std::vector<int64_t> indexes;
  while (!text.empty()) {
    const size_t comma = std::min(text.find(','), text.size());
    int64_t index = 0;
    const std::string_view item = text.substr(0, comma);
    if (std::from_chars(item.data(), item.data() + item.size(), index).ec == std::errc()) {
      indexes.push_back(index);
    }
    text.remove_prefix(std::min(comma + 1, text.size()));
  }
  return indexes;
}

constexpr char kLogColumns[] =
    "SELECT l.seq, COALESCE(rc.id, ''), l.created_at, l.level, l.domain, l.message_id, "
    "l.property, l.count, l.first_row_indexes, l.message "
    "FROM logs l LEFT JOIN receipts rc ON rc.seq = l.receipt_seq ";

template <typename Row>
StoredLogRow LogFromRow(const Row& row) {
  StoredLogRow entry;
  entry.seq = row.Int(0);
  entry.receipt_id = row.Text(1);
  entry.created_at_ms = row.Int(2);
  // Only the store writes these columns, with the words of issue.h.
  entry.row.level = ParseIssueLevel(row.Text(3)).value_or(IssueLevel::kError);
  entry.row.domain = ParseIssueDomain(row.Text(4)).value_or(IssueDomain::kRequest);
  entry.row.message_id = row.Text(5);
  if (!row.IsNull(6)) entry.row.property = row.Text(6);
  entry.row.count = row.Int(7);
  entry.row.first_row_indexes = ParseRowIndexes(row.Text(8));
  entry.row.message = row.Text(9);
  return entry;
}

constexpr char kJobColumns[] =
    "SELECT j.seq, j.id, j.endpoint_key, e.id, j.kind, j.trigger, j.receipt_id, j.state, j.total, "
    "j.done, j.created, j.merged, j.unchanged, j.failed, j.removed, j.message, j.created_at, "
    "j.finished_at FROM jobs j JOIN endpoints e ON e.key = j.endpoint_key ";

template <typename Row>
Job JobFromRow(const Row& stmt) {
  Job job;
  job.seq = stmt.Int(0);
  job.id = stmt.Text(1);
  job.endpoint_key = stmt.Int(2);
  job.endpoint_id = stmt.Text(3);
  // Only the store writes these columns, with the words of domain.h.
  job.kind = ParseJobKind(stmt.Text(4)).value_or(JobKind::kProcess);
  job.trigger = ParseJobTrigger(stmt.Text(5)).value_or(JobTrigger::kManual);
  if (!stmt.IsNull(6)) job.receipt_id = stmt.Text(6);
  job.state = ParseJobState(stmt.Text(7)).value_or(JobState::kFailed);
  job.total = stmt.Int(8);
  job.done = stmt.Int(9);
  job.created = stmt.Int(10);
  job.merged = stmt.Int(11);
  job.unchanged = stmt.Int(12);
  job.failed = stmt.Int(13);
  job.removed = stmt.Int(14);
  job.message = stmt.Text(15);
  job.created_at_ms = stmt.Int(16);
  job.finished_at_ms = stmt.OptionalInt(17);
  return job;
}

constexpr char kPartColumns[] =
    "SELECT p.endpoint_key, p.record_seq, e.id, p.record_id, p.receipt_seq, p.receipt_id, "
    "p.golden_key, p.part_order, p.payload FROM data_parts p "
    "JOIN endpoints e ON e.key = p.endpoint_key ";

template <typename Row>
DataPart PartFromRow(const Row& row) {
  DataPart part;
  part.endpoint_key = row.Int(0);
  part.record_seq = row.Int(1);
  part.endpoint_id = row.Text(2);
  part.record_id = row.Text(3);
  part.receipt_seq = row.Int(4);
  part.receipt_id = row.Text(5);
  part.golden_key = row.Int(6);
  part.order = row.Int(7);
  part.payload = row.Text(8);
  return part;
}

}  // namespace inlet::store
