#include "store/golden_writer.h"

#include "inlet/common/crypto.h"
#include "inlet/common/hex.h"
#include "inlet/common/uuid.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

std::string BlobHex(std::string_view bytes) {
  return ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Result<std::vector<DataPart>> ReadParts(Statement& stmt) {
  std::vector<DataPart> parts;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return parts;
    parts.push_back(PartFromRow(stmt));
  }
}

}  // namespace

std::string HashKey(const std::string& hex) { return BytesFromHex(hex, 16); }

Result<std::optional<int64_t>> SqliteGoldenWriter::FindCode(const std::string& code) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db_.Prepare("SELECT golden_key FROM codes WHERE code = ?1", "find identifier"));
  stmt.Bind(1, code);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt.Int(0));
}

Result<std::vector<std::string>> SqliteGoldenWriter::CodesOf(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt,
                         db_.Prepare("SELECT code FROM codes WHERE golden_key = ?1 ORDER BY code",
                                     "read golden record codes"));
  stmt.Bind(1, golden_key);
  std::vector<std::string> codes;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return codes;
    codes.push_back(stmt.Text(0));
  }
}

Status SqliteGoldenWriter::SetCode(const std::string& code, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db_.Prepare("INSERT INTO codes (code, golden_key) VALUES (?1, ?2) "
                             "ON CONFLICT (code) DO UPDATE SET golden_key = excluded.golden_key",
                             "store identifier"));
  return stmt.Bind(1, code).Bind(2, golden_key).Run();
}

Status SqliteGoldenWriter::DeleteCodesOf(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("DELETE FROM codes WHERE golden_key = ?1",
                                                "remove golden record codes"));
  return stmt.Bind(1, golden_key).Run();
}

Result<bool> SqliteGoldenWriter::HasIncomingEdges(const std::string& code) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("SELECT 1 FROM part_edges WHERE target_code = ?1 LIMIT 1", "find edges to"));
  stmt.Bind(1, code);
  return stmt.Step();
}

Result<int64_t> ChangeFeedEnd(Connection& db) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db.Prepare("SELECT MAX(COALESCE((SELECT MAX(seq) FROM golden_changes), 0), "
                 "COALESCE((SELECT value FROM store_meta WHERE name = 'changes_pruned_through'), "
                 "0))",
                 "read the change feed's end"));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Result<int64_t> SqliteGoldenWriter::NextChangeSeq() {
  if (!change_feed_) return 0;  // a golden record's change_seq stays 0: no change names it
  if (!last_change_seq_) {
    INLET_ASSIGN_OR_RETURN(auto end, ChangeFeedEnd(db_));
    last_change_seq_ = end;
  }
  return ++*last_change_seq_;
}

Status SqliteGoldenWriter::AppendChange(int64_t seq, ChangeOp op, int64_t golden_key,
                                        const std::string& id, const std::string& entity_type,
                                        const std::string& merged_into, int64_t now_ms) {
  if (!change_feed_) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("INSERT INTO golden_changes (seq, op, golden_key, golden_id, entity_type, "
                  "merged_into, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  "append a change"));
  stmt.Bind(1, seq)
      .Bind(2, int64_t{op == ChangeOp::kDelete})
      .Bind(3, golden_key)
      .Bind(4, id)
      .Bind(5, entity_type);
  if (merged_into.empty()) {
    stmt.BindNull(6);
  } else {
    stmt.Bind(6, merged_into);
  }
  INLET_RETURN_IF_ERROR(stmt.Bind(7, now_ms).Run());
  wrote_changes_ = true;
  return Status::Ok();
}

Result<GoldenHead> SqliteGoldenWriter::CreateGolden(const std::string& entity_type,
                                                    const GoldenState& state) {
  GoldenHead head{0, NewUuidV7(), entity_type, state.shadow};
  INLET_ASSIGN_OR_RETURN(const int64_t change_seq, NextChangeSeq());
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "INSERT INTO golden_records (id, entity_type, shadow, name, document, search_text, "
          "created_at, updated_at, change_seq, creation, creation_job) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
          "create golden record"));
  if (state.creation.empty()) {
    stmt.BindNull(9);
  } else {
    stmt.Bind(9, state.creation);
  }
  if (state.creation_job.empty()) {
    stmt.BindNull(10);
  } else {
    stmt.Bind(10, state.creation_job);
  }
  INLET_RETURN_IF_ERROR(stmt.Bind(1, head.id)
                            .Bind(2, entity_type)
                            .Bind(3, int64_t{state.shadow})
                            .Bind(4, state.name)
                            .Bind(5, state.document.empty() ? "{}" : state.document)
                            .Bind(6, state.search_text)
                            .Bind(7, state.now_ms)
                            .Bind(8, change_seq)
                            .Run());
  head.key = db_.LastInsertRowid();
  INLET_RETURN_IF_ERROR(AppendChange(change_seq, ChangeOp::kUpsert, head.key, head.id, entity_type,
                                     "", state.now_ms));
  return head;
}

// `select` (columns FROM golden_records WHERE key = ?1) stepped onto the row of
// `golden_key`; a golden record the writer was asked about exists, so none is an error.
Result<Statement> SqliteGoldenWriter::GoldenRow(const char* select, const char* what,
                                                int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(select, what));
  stmt.Bind(1, golden_key);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) {
    return Status::Internal("golden record " + std::to_string(golden_key) + " is missing");
  }
  return stmt;
}

Result<GoldenHead> SqliteGoldenWriter::GetGolden(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, GoldenRow("SELECT id, entity_type, shadow FROM golden_records WHERE key = ?1",
                           "read golden record", golden_key));
  return GoldenHead{golden_key, stmt.Text(0), stmt.Text(1), stmt.Int(2) != 0};
}

Result<std::string> SqliteGoldenWriter::GoldenDocumentOf(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt, GoldenRow("SELECT document FROM golden_records WHERE key = ?1",
                                              "read golden record document", golden_key));
  return stmt.Text(0);
}

Status SqliteGoldenWriter::SaveGolden(const GoldenState& state) {
  INLET_ASSIGN_OR_RETURN(const int64_t change_seq, NextChangeSeq());
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "UPDATE golden_records SET shadow = ?2, name = ?3, document = ?4, search_text = ?5, "
          "updated_at = ?6, change_seq = ?7 WHERE key = ?1 RETURNING id, entity_type",
          "save golden record"));
  stmt.Bind(1, state.key)
      .Bind(2, int64_t{state.shadow})
      .Bind(3, state.name)
      .Bind(4, state.document)
      .Bind(5, state.search_text)
      .Bind(6, state.now_ms)
      .Bind(7, change_seq);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return Status::Internal("golden record " + std::to_string(state.key) + " is missing");
  const std::string id(stmt.Text(0)), entity_type(stmt.Text(1));
  INLET_RETURN_IF_ERROR(stmt.Run());  // done with its row: resets it for the next save
  return AppendChange(change_seq, ChangeOp::kUpsert, state.key, id, entity_type, "", state.now_ms);
}

Status SqliteGoldenWriter::DeleteGolden(int64_t golden_key, int64_t now_ms) {
  INLET_ASSIGN_OR_RETURN(auto head, GetGolden(golden_key));
  INLET_RETURN_IF_ERROR(DeleteCodesOf(golden_key));
  for (const char* sql : {"DELETE FROM golden_history WHERE golden_key IN (SELECT key FROM "
                          "golden_records WHERE key = ?1 OR merged_into = ?1)",
                          "DELETE FROM golden_records WHERE key = ?1 OR merged_into = ?1"}) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(sql, "remove golden record"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, golden_key).Run());
  }
  INLET_ASSIGN_OR_RETURN(const int64_t change_seq, NextChangeSeq());
  return AppendChange(change_seq, ChangeOp::kDelete, golden_key, head.id, head.entity_type, "",
                      now_ms);
}

Status SqliteGoldenWriter::MergeGolden(int64_t from, int64_t into, int64_t now_ms) {
  INLET_ASSIGN_OR_RETURN(auto merged, GetGolden(from));
  INLET_ASSIGN_OR_RETURN(auto survivor, GetGolden(into));
  for (const char* sql : {"UPDATE codes SET golden_key = ?2 WHERE golden_key = ?1",
                          "UPDATE data_parts SET golden_key = ?2 WHERE golden_key = ?1"}) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(sql, "merge golden records"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, from).Bind(2, into).Run());
  }
  INLET_RETURN_IF_ERROR(FollowKeptApartParts(
      "UPDATE kept_apart_parts SET golden_key = ?2 WHERE golden_key = ?1", {from, into}));
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db_.Prepare("UPDATE golden_records SET merged_into = ?2, search_text = '', "
                             "updated_at = ?3 WHERE key = ?1 OR merged_into = ?1",
                             "leave a merged golden record's tombstone"));
  INLET_RETURN_IF_ERROR(stmt.Bind(1, from).Bind(2, into).Bind(3, now_ms).Run());
  INLET_ASSIGN_OR_RETURN(const int64_t change_seq, NextChangeSeq());
  return AppendChange(change_seq, ChangeOp::kDelete, from, merged.id, merged.entity_type,
                      survivor.id, now_ms);
}

Result<bool> SqliteGoldenWriter::GoldenHoldsClue(int64_t golden_key, int64_t endpoint_key,
                                                 const std::string& clue_hash) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "SELECT 1 FROM data_parts WHERE golden_key = ?1 AND endpoint_key = ?2 AND clue_hash = ?3 "
          "LIMIT 1",
          "look up clue hash"));
  const std::string key = HashKey(clue_hash);
  stmt.Bind(1, golden_key).Bind(2, endpoint_key).BindBlob(3, key.data(), key.size());
  return stmt.Step();
}

Result<std::optional<DataPart>> SqliteGoldenWriter::FindPart(int64_t endpoint_key,
                                                             int64_t record_seq) {
  static const std::string kSql =
      std::string(kPartColumns) + "WHERE p.endpoint_key = ?1 AND p.record_seq = ?2";
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(kSql, "find data part"));
  stmt.Bind(1, endpoint_key).Bind(2, record_seq);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<DataPart>();
  return std::optional<DataPart>(PartFromRow(stmt));
}

Result<std::vector<PartHash>> SqliteGoldenWriter::PartHashes(int64_t endpoint_key,
                                                             int64_t first_seq, int64_t last_seq) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("SELECT record_seq, clue_hash, source_hash FROM data_parts "
                  "WHERE endpoint_key = ?1 AND record_seq BETWEEN ?2 AND ?3 ORDER BY record_seq",
                  "read data part hashes"));
  stmt.Bind(1, endpoint_key).Bind(2, first_seq).Bind(3, last_seq);
  std::vector<PartHash> hashes;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return hashes;
    hashes.push_back({stmt.Int(0), BlobHex(stmt.Blob(1)), BlobHex(stmt.Blob(2))});
  }
}

Result<std::vector<DataPart>> SqliteGoldenWriter::PartsOf(int64_t golden_key) {
  static const std::string kSql =
      std::string(kPartColumns) + "WHERE p.golden_key = ?1 ORDER BY p.part_order";
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(kSql, "read data parts"));
  stmt.Bind(1, golden_key);
  return ReadParts(stmt);
}

Status SqliteGoldenWriter::PutPart(DataPart& part) {
  const std::string hash = HashKey(part.clue_hash);
  const std::string source = HashKey(part.source_hash);
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "INSERT INTO data_parts (endpoint_key, record_seq, record_id, receipt_seq, receipt_id, "
          "golden_key, clue_hash, payload, source_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
          "?9)",
          "store data part"));
  if (source.empty()) {
    stmt.BindNull(9);
  } else {
    stmt.BindBlob(9, source.data(), source.size());
  }
  INLET_RETURN_IF_ERROR(stmt.Bind(1, part.endpoint_key)
                            .Bind(2, part.record_seq)
                            .Bind(3, part.record_id)
                            .Bind(4, part.receipt_seq)
                            .Bind(5, part.receipt_id)
                            .Bind(6, part.golden_key)
                            .BindBlob(7, hash.data(), hash.size())
                            .Bind(8, part.payload)
                            .Run());
  part.order = db_.LastInsertRowid();
  INLET_RETURN_IF_ERROR(TrackKeptApartPart(part));
  if (part.edges.empty()) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(
      auto edge,
      db_.Prepare(
          "INSERT OR IGNORE INTO part_edges (endpoint_key, record_seq, edge_type, target_code) "
          "VALUES (?1, ?2, ?3, ?4)",
          "store edge"));
  for (const PartEdge& e : part.edges) {
    INLET_RETURN_IF_ERROR(edge.Bind(1, part.endpoint_key)
                              .Bind(2, part.record_seq)
                              .Bind(3, e.edge_type)
                              .Bind(4, e.target_code)
                              .Run());
  }
  return Status::Ok();
}

Status SqliteGoldenWriter::MovePart(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "UPDATE data_parts SET golden_key = ?3 WHERE endpoint_key = ?1 AND record_seq = ?2",
          "move data part"));
  INLET_RETURN_IF_ERROR(stmt.Bind(1, endpoint_key).Bind(2, record_seq).Bind(3, golden_key).Run());
  return FollowKeptApartParts(
      "UPDATE kept_apart_parts SET golden_key = ?3 WHERE endpoint_key = ?1 AND record_seq = ?2",
      {endpoint_key, record_seq, golden_key});
}

Status SqliteGoldenWriter::SetPartSourceHash(int64_t endpoint_key, int64_t record_seq,
                                             const std::string& source_hash) {
  const std::string source = HashKey(source_hash);
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "UPDATE data_parts SET source_hash = ?3 WHERE endpoint_key = ?1 AND record_seq = ?2",
          "keep a data part's source hash"));
  return stmt.Bind(1, endpoint_key)
      .Bind(2, record_seq)
      .BindBlob(3, source.data(), source.size())
      .Run();
}

Status SqliteGoldenWriter::DeletePart(const DataPart& part) {
  const char* const kSteps[] = {
      "DELETE FROM data_parts WHERE endpoint_key = ?1 AND record_seq = ?2",
      "DELETE FROM part_edges WHERE endpoint_key = ?1 AND record_seq = ?2",
  };
  for (const char* sql : kSteps) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(sql, "remove data part"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, part.endpoint_key).Bind(2, part.record_seq).Run());
  }
  return FollowKeptApartParts(
      "DELETE FROM kept_apart_parts WHERE endpoint_key = ?1 AND record_seq = ?2",
      {part.endpoint_key, part.record_seq});
}

Result<std::vector<DataPart>> SqliteGoldenWriter::PartsOfEndpoint(int64_t endpoint_key,
                                                                  int64_t first_seq,
                                                                  int64_t last_seq, int limit) {
  static const std::string kSql = std::string(kPartColumns) +
                                  "WHERE p.endpoint_key = ?1 AND p.record_seq BETWEEN ?2 AND ?3 "
                                  "ORDER BY p.record_seq LIMIT ?4";
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(kSql, "list the endpoint's data parts"));
  stmt.Bind(1, endpoint_key).Bind(2, first_seq).Bind(3, last_seq).Bind(4, int64_t{limit});
  return ReadParts(stmt);
}

Status SqliteGoldenWriter::PutOutcomes(const std::vector<OutcomeToStore>& outcomes) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("INSERT OR REPLACE INTO record_outcomes (endpoint_key, record_seq, row_index, "
                  "record_id, outcome, golden_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  "keep a record's outcome"));
  for (const auto& outcome : outcomes) {
    INLET_RETURN_IF_ERROR(stmt.Bind(1, outcome.endpoint_key)
                              .Bind(2, outcome.record_seq)
                              .Bind(3, outcome.row_index)
                              .Bind(4, outcome.record_id)
                              .Bind(5, static_cast<int64_t>(outcome.outcome))
                              .Bind(6, outcome.golden_key)
                              .Run());
  }
  return Status::Ok();
}

Status SqliteGoldenWriter::DeleteOutcomes(int64_t endpoint_key, int64_t first_seq,
                                          int64_t last_seq) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db_.Prepare("DELETE FROM record_outcomes WHERE endpoint_key = ?1 AND record_seq "
                             "BETWEEN ?2 AND ?3",
                             "forget record outcomes"));
  return stmt.Bind(1, endpoint_key).Bind(2, first_seq).Bind(3, last_seq).Run();
}

Status SqliteGoldenWriter::RecountReceipts(int64_t endpoint_key, int64_t first_seq,
                                           int64_t last_seq, bool processed) {
  INLET_ASSIGN_OR_RETURN(auto find,
                         db_.Prepare("SELECT seq FROM receipts WHERE endpoint_key = ?1 AND "
                                     "last_record_seq >= ?2 AND first_record_seq <= ?3",
                                     "find receipts to recount"));
  find.Bind(1, endpoint_key).Bind(2, first_seq).Bind(3, last_seq);
  std::vector<int64_t> receipt_seqs;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, find.Step());
    if (!row) break;
    receipt_seqs.push_back(find.Int(0));
  }
  // RecordOutcome's values as stored: created 0, merged 1, unchanged 2, failed 3.
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("UPDATE receipts SET times_processed = times_processed + ?2, "
                  "golden_created = c.created, golden_merged = c.merged, "
                  "golden_unchanged = c.unchanged, golden_failed = c.failed FROM ("
                  "SELECT COALESCE(SUM(o.outcome = 0), 0) AS created, "
                  "COALESCE(SUM(o.outcome = 1), 0) AS merged, "
                  "COALESCE(SUM(o.outcome = 2), 0) AS unchanged, "
                  "COALESCE(SUM(o.outcome = 3), 0) AS failed "
                  "FROM receipts r JOIN record_outcomes o ON o.endpoint_key = r.endpoint_key "
                  "AND o.record_seq BETWEEN r.first_record_seq AND r.last_record_seq "
                  "WHERE r.seq = ?1) AS c WHERE receipts.seq = ?1",
                  "recount receipt"));
  for (int64_t seq : receipt_seqs) {
    INLET_RETURN_IF_ERROR(stmt.Bind(1, seq).Bind(2, int64_t{processed}).Run());
  }
  return Status::Ok();
}

Status SqliteGoldenWriter::SetReceiptResponse(int64_t receipt_seq, const std::string& response) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("UPDATE receipts SET response = ?2 WHERE seq = ?1",
                                                "keep a bridge receipt's answer"));
  return stmt.Bind(1, receipt_seq).Bind(2, response).Run();
}

Status SqliteGoldenWriter::UpdateEndpointProgress(int64_t endpoint_key, int64_t part_count_delta,
                                                  std::optional<EndpointStatus> status,
                                                  std::optional<int64_t> processed_through_seq) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare(
          "UPDATE endpoints SET data_part_count = MAX(0, data_part_count + ?2), "
          "status = COALESCE(?3, status), "
          "processed_through_seq = MAX(processed_through_seq, COALESCE(?4, 0)) WHERE key = ?1",
          "update endpoint progress"));
  stmt.Bind(1, endpoint_key).Bind(2, part_count_delta);
  if (status) {
    stmt.Bind(3, ToString(*status));
  } else {
    stmt.BindNull(3);
  }
  return stmt.Bind(4, processed_through_seq).Run();
}

Status InsertLogRow(Connection& db, int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                    const LogRow& log, int64_t now_ms) {
  const std::string row_indexes = RowIndexesText(log.first_row_indexes);
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db.Prepare(
          "INSERT INTO logs (endpoint_key, receipt_seq, created_at, level, domain, message_id, "
          "property, count, first_row_indexes, message) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
          "store log row"));
  stmt.Bind(1, endpoint_key)
      .Bind(2, receipt_seq)
      .Bind(3, now_ms)
      .Bind(4, ToString(log.level))
      .Bind(5, ToString(log.domain))
      .Bind(6, log.message_id);
  if (log.property) {
    stmt.Bind(7, *log.property);
  } else {
    stmt.BindNull(7);
  }
  return stmt.Bind(8, log.count).Bind(9, row_indexes).Bind(10, log.message).Run();
}

Status SqliteGoldenWriter::AddLog(int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                                  const LogRow& log, int64_t now_ms) {
  return InsertLogRow(db_, endpoint_key, receipt_seq, log, now_ms);
}

Status SqliteGoldenWriter::SaveJob(const Job& job) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("UPDATE jobs SET state = ?2, total = ?3, done = ?4, created = ?5, merged = ?6, "
                  "unchanged = ?7, failed = ?8, removed = ?9, message = ?10, finished_at = ?11 "
                  "WHERE id = ?1",
                  "save job"));
  return stmt.Bind(1, job.id)
      .Bind(2, ToString(job.state))
      .Bind(3, job.total)
      .Bind(4, job.done)
      .Bind(5, job.created)
      .Bind(6, job.merged)
      .Bind(7, job.unchanged)
      .Bind(8, job.failed)
      .Bind(9, job.removed)
      .Bind(10, job.message)
      .Bind(11, job.finished_at_ms)
      .Run();
}

}  // namespace inlet::store
