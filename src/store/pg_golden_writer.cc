#include "store/pg_golden_writer.h"

#include <map>
#include <utility>

#include "inlet/common/hex.h"
#include "inlet/common/uuid.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

std::vector<DataPart> ReadParts(const PgResult& rows) {
  std::vector<DataPart> parts;
  for (int row = 0; row < rows.Rows(); ++row) parts.push_back(PartFromRow(PgRow(rows, row)));
  return parts;
}

// The first 16 bytes of a hex SHA-256, as a part stores its clue and source hashes
// (HashKey on SQLite).
std::string HashKey(const std::string& hex) { return BytesFromHex(hex, 16); }

PgParam HashParam(const std::string& key) { return PgParam::Bytes(key.data(), key.size()); }

PgParam TextOrNull(const std::string& text) {
  return text.empty() ? PgParam::Null() : PgParam(text);
}

// A golden record the writer was asked about exists: none is an error.
Status Missing(int64_t golden_key) {
  return Status::Internal("golden record " + std::to_string(golden_key) + " is missing");
}

}  // namespace

std::string PgGoldenWriter::ArrayLiteral(const std::vector<PgParam>& items) {
  std::string literal = "{";
  for (const PgParam& item : items) {
    if (literal.size() > 1) literal.push_back(',');
    if (!item.value()) {
      literal += "NULL";
      continue;
    }
    literal.push_back('"');
    for (char c : *item.value()) {
      if (c == '"' || c == '\\') literal.push_back('\\');
      literal.push_back(c);
    }
    literal.push_back('"');
  }
  literal.push_back('}');
  return literal;
}

Result<std::optional<int64_t>> PgGoldenWriter::FindCode(const std::string& code) {
  INLET_ASSIGN_OR_RETURN(PgResult rows, db_.Query("SELECT golden_key FROM codes WHERE code = $1",
                                                  {code}, "find identifier"));
  if (rows.Rows() == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(rows.Int(0, 0));
}

Result<std::vector<std::string>> PgGoldenWriter::CodesOf(int64_t golden_key) {
  // COLLATE "C": codes sorted by their bytes, as SQLite sorts them.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query("SELECT code FROM codes WHERE golden_key = $1 ORDER BY code COLLATE \"C\"",
                {golden_key}, "read golden record codes"));
  std::vector<std::string> codes;
  for (int row = 0; row < rows.Rows(); ++row) codes.push_back(rows.Text(row, 0));
  return codes;
}

Status PgGoldenWriter::SetCode(const std::string& code, int64_t golden_key) {
  return db_.Run(
      "INSERT INTO codes (code, golden_key) VALUES ($1, $2) "
      "ON CONFLICT (code) DO UPDATE SET golden_key = excluded.golden_key",
      {code, golden_key}, "store identifier");
}

Status PgGoldenWriter::DeleteCodesOf(int64_t golden_key) {
  return db_.Run("DELETE FROM codes WHERE golden_key = $1", {golden_key},
                 "remove golden record codes");
}

Result<bool> PgGoldenWriter::HasIncomingEdges(const std::string& code) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows, db_.Query("SELECT 1 FROM part_edges WHERE target_code = $1 LIMIT 1", {code},
                               "find edges to"));
  return rows.Rows() > 0;
}

Result<PgResult> PgGoldenWriter::WriteGolden(std::string_view ctes, std::string_view write,
                                             ChangeOp op, const std::vector<PgParam>& params,
                                             std::string_view operation) {
  std::string sql = "WITH ";
  sql += ctes;
  sql += "written AS (";
  sql += write;
  sql += ")";
  if (change_feed_) {
    // One statement: the change commits with the write or not at all, in one round trip.
    sql +=
        ", changed AS (INSERT INTO golden_changes (seq, op, golden_key, golden_id, "
        "entity_type, merged_into, at) SELECT seq, ";
    sql += op == ChangeOp::kDelete ? "1" : "0";
    sql += ", key, id, entity_type, merged_into, at FROM written)";
  }
  sql += " SELECT key, id, entity_type, merged_into FROM written";
  INLET_ASSIGN_OR_RETURN(PgResult rows, db_.Query(sql, params, operation));
  if (change_feed_ && rows.Rows() > 0) wrote_changes_ = true;
  return rows;
}

Result<GoldenHead> PgGoldenWriter::CreateGolden(const std::string& entity_type,
                                                const GoldenState& state) {
  GoldenHead head{0, NewUuidV7(), entity_type, state.shadow};
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      WriteGolden("",
                  std::string("INSERT INTO golden_records (id, entity_type, shadow, name, "
                              "document, search_text, created_at, updated_at, change_seq, "
                              "creation, creation_job) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, ") +
                      ChangeSeq() +
                      ", $8, $9) RETURNING key, id, entity_type, change_seq AS seq, "
                      "updated_at AS at, NULL::text AS merged_into",
                  ChangeOp::kUpsert,
                  {head.id, entity_type, state.shadow ? "true" : "false", state.name,
                   state.document.empty() ? "{}" : state.document, state.search_text, state.now_ms,
                   TextOrNull(state.creation), TextOrNull(state.creation_job)},
                  "create golden record"));
  head.key = rows.Int(0, 0);
  return head;
}

Result<PgResult> PgGoldenWriter::GoldenRow(std::string_view select, std::string_view operation,
                                           int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(PgResult rows, db_.Query(select, {golden_key}, operation));
  if (rows.Rows() == 0) return Missing(golden_key);
  return rows;
}

Result<GoldenHead> PgGoldenWriter::GetGolden(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      GoldenRow("SELECT id, entity_type, shadow::integer FROM golden_records WHERE key = $1",
                "read golden record", golden_key));
  return GoldenHead{golden_key, rows.Text(0, 0), rows.Text(0, 1), rows.Int(0, 2) != 0};
}

Result<std::string> PgGoldenWriter::GoldenDocumentOf(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(PgResult rows,
                         GoldenRow("SELECT document FROM golden_records WHERE key = $1",
                                   "read golden record document", golden_key));
  return rows.Text(0, 0);
}

Status PgGoldenWriter::SaveGolden(const GoldenState& state) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      WriteGolden("",
                  std::string("UPDATE golden_records SET shadow = $2, name = $3, document = $4, "
                              "search_text = $5, updated_at = $6, change_seq = ") +
                      ChangeSeq() +
                      " WHERE key = $1 RETURNING key, id, entity_type, change_seq AS seq, "
                      "updated_at AS at, NULL::text AS merged_into",
                  ChangeOp::kUpsert,
                  {state.key, state.shadow ? "true" : "false", state.name, state.document,
                   state.search_text, state.now_ms},
                  "save golden record"));
  if (rows.Rows() == 0) return Missing(state.key);
  return Status::Ok();
}

Status PgGoldenWriter::DeleteGolden(int64_t golden_key, int64_t now_ms) {
  // Its codes, its history and its tombstones' go with it, in the same statement.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      WriteGolden("codes_gone AS (DELETE FROM codes WHERE golden_key = $1), "
                  "history_gone AS (DELETE FROM golden_history WHERE golden_key IN "
                  "(SELECT key FROM golden_records WHERE key = $1 OR merged_into = $1)), "
                  "tombstones_gone AS (DELETE FROM golden_records WHERE merged_into = $1), ",
                  std::string("DELETE FROM golden_records WHERE key = $1 RETURNING key, id, "
                              "entity_type, ") +
                      ChangeSeq() + " AS seq, $2::bigint AS at, NULL::text AS merged_into",
                  ChangeOp::kDelete, {golden_key, now_ms}, "remove golden record"));
  if (rows.Rows() == 0) return Missing(golden_key);
  return Status::Ok();
}

Status PgGoldenWriter::MergeGolden(int64_t from, int64_t into, int64_t now_ms) {
  // kept_apart_parts follows the parts unconditionally: with no rule it is empty, and
  // the update rides in the same round trip.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      WriteGolden("codes_moved AS (UPDATE codes SET golden_key = $2 WHERE golden_key = $1), "
                  "parts_moved AS (UPDATE data_parts SET golden_key = $2 WHERE golden_key = $1), "
                  "kept_moved AS (UPDATE kept_apart_parts SET golden_key = $2 "
                  "WHERE golden_key = $1), "
                  "tombstones_moved AS (UPDATE golden_records SET merged_into = $2, "
                  "search_text = '', updated_at = $3 WHERE merged_into = $1), ",
                  std::string("UPDATE golden_records SET merged_into = $2, search_text = '', "
                              "updated_at = $3 WHERE key = $1 RETURNING key, id, entity_type, ") +
                      ChangeSeq() +
                      " AS seq, updated_at AS at, "
                      "(SELECT s.id FROM golden_records s WHERE s.key = $2) AS merged_into",
                  ChangeOp::kDelete, {from, into, now_ms}, "merge golden records"));
  if (rows.Rows() == 0) return Missing(from);
  if (rows.IsNull(0, 3)) return Missing(into);
  return Status::Ok();
}

Result<bool> PgGoldenWriter::GoldenHoldsClue(int64_t golden_key, int64_t endpoint_key,
                                             const std::string& clue_hash) {
  const std::string key = HashKey(clue_hash);
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query("SELECT 1 FROM data_parts WHERE golden_key = $1 AND endpoint_key = $2 "
                "AND clue_hash = $3 LIMIT 1",
                {golden_key, endpoint_key, HashParam(key)}, "look up clue hash"));
  return rows.Rows() > 0;
}

Result<std::optional<DataPart>> PgGoldenWriter::FindPart(int64_t endpoint_key, int64_t record_seq) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query(std::string(kPartColumns) + "WHERE p.endpoint_key = $1 AND p.record_seq = $2",
                {endpoint_key, record_seq}, "find data part"));
  if (rows.Rows() == 0) return std::optional<DataPart>();
  return std::optional<DataPart>(PartFromRow(PgRow(rows, 0)));
}

Result<std::vector<PartHash>> PgGoldenWriter::PartHashes(int64_t endpoint_key, int64_t first_seq,
                                                         int64_t last_seq) {
  // encode(NULL) is NULL, which reads as "": no source hash.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query("SELECT record_seq, encode(clue_hash, 'hex'), encode(source_hash, 'hex') "
                "FROM data_parts WHERE endpoint_key = $1 AND record_seq BETWEEN $2 AND $3 "
                "ORDER BY record_seq",
                {endpoint_key, first_seq, last_seq}, "read data part hashes"));
  std::vector<PartHash> hashes;
  for (int row = 0; row < rows.Rows(); ++row) {
    hashes.push_back({rows.Int(row, 0), rows.Text(row, 1), rows.Text(row, 2)});
  }
  return hashes;
}

Result<std::vector<DataPart>> PgGoldenWriter::PartsOf(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query(std::string(kPartColumns) + "WHERE p.golden_key = $1 ORDER BY p.part_order",
                {golden_key}, "read data parts"));
  return ReadParts(rows);
}

Status PgGoldenWriter::PutPart(DataPart& part) {
  const std::string hash = HashKey(part.clue_hash);
  const std::string source = HashKey(part.source_hash);
  std::vector<PgParam> edge_types, target_codes;
  for (const PartEdge& edge : part.edges) {
    edge_types.emplace_back(edge.edge_type);
    target_codes.emplace_back(edge.target_code);
  }
  // The part, its edges, and its row in kept_apart_parts when a rule names its primary
  // code, in one round trip.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query(
          "WITH part AS (INSERT INTO data_parts (endpoint_key, record_seq, record_id, "
          "receipt_seq, receipt_id, golden_key, clue_hash, payload, source_hash) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING part_order), "
          "edges AS (INSERT INTO part_edges (endpoint_key, record_seq, edge_type, target_code) "
          "SELECT $1::bigint, $2::bigint, t, c FROM unnest($10::text[], $11::text[]) AS e(t, c) "
          "ON CONFLICT DO NOTHING), "
          "kept AS (INSERT INTO kept_apart_parts (endpoint_key, record_seq, code, golden_key) "
          "SELECT $1::bigint, $2::bigint, $12::text, $6::bigint WHERE $12::text <> '' AND "
          "EXISTS (SELECT 1 FROM keep_apart_sides WHERE code = $12::text) "
          "ON CONFLICT (endpoint_key, record_seq) DO UPDATE SET code = excluded.code, "
          "golden_key = excluded.golden_key) "
          "SELECT part_order FROM part",
          {part.endpoint_key, part.record_seq, part.record_id, part.receipt_seq, part.receipt_id,
           part.golden_key, HashParam(hash), part.payload,
           source.empty() ? PgParam::Null() : HashParam(source), ArrayLiteral(edge_types),
           ArrayLiteral(target_codes), part.primary_code},
          "store data part"));
  part.order = rows.Int(0, 0);
  return Status::Ok();
}

Status PgGoldenWriter::MovePart(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) {
  return db_.Run(
      "WITH moved AS (UPDATE data_parts SET golden_key = $3 "
      "WHERE endpoint_key = $1 AND record_seq = $2) "
      "UPDATE kept_apart_parts SET golden_key = $3 WHERE endpoint_key = $1 AND record_seq = $2",
      {endpoint_key, record_seq, golden_key}, "move data part");
}

Status PgGoldenWriter::SetPartSourceHash(int64_t endpoint_key, int64_t record_seq,
                                         const std::string& source_hash) {
  const std::string source = HashKey(source_hash);
  return db_.Run(
      "UPDATE data_parts SET source_hash = $3 WHERE endpoint_key = $1 AND record_seq = $2",
      {endpoint_key, record_seq, HashParam(source)}, "keep a data part's source hash");
}

Status PgGoldenWriter::DeletePart(const DataPart& part) {
  return db_.Run(
      "WITH part AS (DELETE FROM data_parts WHERE endpoint_key = $1 AND record_seq = $2), "
      "edges AS (DELETE FROM part_edges WHERE endpoint_key = $1 AND record_seq = $2) "
      "DELETE FROM kept_apart_parts WHERE endpoint_key = $1 AND record_seq = $2",
      {part.endpoint_key, part.record_seq}, "remove data part");
}

Result<std::vector<DataPart>> PgGoldenWriter::PartsOfEndpoint(int64_t endpoint_key,
                                                              int64_t first_seq, int64_t last_seq,
                                                              int limit) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows, db_.Query(std::string(kPartColumns) +
                                   "WHERE p.endpoint_key = $1 AND p.record_seq BETWEEN $2 AND $3 "
                                   "ORDER BY p.record_seq LIMIT $4",
                               {endpoint_key, first_seq, last_seq, int64_t{limit}},
                               "list the endpoint's data parts"));
  return ReadParts(rows);
}

}  // namespace inlet::store
