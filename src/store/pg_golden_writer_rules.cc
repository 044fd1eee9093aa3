// The PgGoldenWriter's history and keep-apart writes (SPEC §11). kept_apart_parts follows
// the part writes (PutPart, MovePart, DeletePart, MergeGolden) in their own statements in
// pg_golden_writer.cc; AddKeepApart notes the parts a new rule names.
#include <map>
#include <utility>

#include "inlet/common/uuid.h"
#include "store/pg_golden_writer.h"

namespace inlet::store {

Status PgGoldenWriter::AppendHistory(int64_t golden_key, int64_t now_ms, const std::string& job_id,
                                     const std::string& events) {
  return db_.Run(
      "INSERT INTO golden_history (golden_key, at, job_id, events) "
      "SELECT $1::bigint, $2::bigint, $3::text, $4::text WHERE EXISTS "
      "(SELECT 1 FROM golden_records WHERE key = $1::bigint)",
      {golden_key, now_ms, job_id.empty() ? PgParam::Null() : PgParam(job_id), events},
      "append golden record history");
}

Status PgGoldenWriter::SetOutcomeGolden(int64_t endpoint_key, int64_t record_seq,
                                        int64_t golden_key) {
  return db_.Run(
      "UPDATE record_outcomes SET golden_key = $3 WHERE endpoint_key = $1 AND record_seq = $2",
      {endpoint_key, record_seq, golden_key}, "move a record's outcome");
}

Result<bool> PgGoldenWriter::AnyKeepApart() {
  if (!any_keep_apart_) {
    INLET_ASSIGN_OR_RETURN(PgResult rows,
                           db_.Query("SELECT 1 FROM keep_apart LIMIT 1", {}, "look for rules"));
    any_keep_apart_ = rows.Rows() > 0;
  }
  return *any_keep_apart_;
}

Result<bool> PgGoldenWriter::KeptApart(const std::string& code, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any) return false;
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query("SELECT 1 FROM keep_apart_sides s JOIN kept_apart_parts o "
                "ON o.code = s.other_code WHERE s.code = $1 AND o.golden_key = $2 LIMIT 1",
                {code, golden_key}, "check a record against keep-apart rules"));
  return rows.Rows() > 0;
}

Result<bool> PgGoldenWriter::KeptApart(int64_t golden_a, int64_t golden_b) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any) return false;
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db_.Query("SELECT 1 FROM kept_apart_parts p JOIN keep_apart_sides s ON s.code = p.code "
                "JOIN kept_apart_parts o ON o.code = s.other_code "
                "WHERE p.golden_key = $1 AND o.golden_key = $2 LIMIT 1",
                {golden_a, golden_b}, "check golden records against keep-apart rules"));
  return rows.Rows() > 0;
}

Result<std::string> PgGoldenWriter::AddKeepApart(const KeepApartSide& taken_out,
                                                 const KeepApartSide& stays,
                                                 const std::vector<DataPart>& parts,
                                                 const std::string& job_id, int64_t now_ms) {
  // The parts it names now (later part writes keep kept_apart_parts up to date); a part
  // given twice counts as its last, since one statement may not update a row twice.
  std::map<std::pair<int64_t, int64_t>, const DataPart*> named;
  for (const DataPart& part : parts) {
    if (!part.primary_code.empty()) named[{part.endpoint_key, part.record_seq}] = &part;
  }
  std::vector<PgParam> endpoint_keys, record_seqs, codes, golden_keys;
  for (const auto& [record, part] : named) {
    endpoint_keys.emplace_back(part->endpoint_key);
    record_seqs.emplace_back(part->record_seq);
    codes.emplace_back(part->primary_code);
    golden_keys.emplace_back(part->golden_key);
  }
  const std::string id = NewUuidV4();
  // The rule, its two sides (one from each code, so that either finds the other with one
  // index look-up) and the parts it names, in one round trip.
  INLET_RETURN_IF_ERROR(db_.Run(
      "WITH rule AS (INSERT INTO keep_apart (id, taken_code, taken_endpoint_key, "
      "taken_record_id, stays_code, stays_endpoint_key, stays_record_id, created_at, job_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq), "
      "sides AS (INSERT INTO keep_apart_sides (code, rule_seq, other_code) "
      "SELECT s.code, rule.seq, s.other_code FROM rule, "
      "(VALUES ($2::text, $5::text), ($5::text, $2::text)) AS s(code, other_code)) "
      "INSERT INTO kept_apart_parts (endpoint_key, record_seq, code, golden_key) "
      "SELECT * FROM unnest($10::bigint[], $11::bigint[], $12::text[], $13::bigint[]) "
      "ON CONFLICT (endpoint_key, record_seq) DO UPDATE SET code = excluded.code, "
      "golden_key = excluded.golden_key",
      {id, taken_out.code, taken_out.endpoint_key, taken_out.record_id, stays.code,
       stays.endpoint_key, stays.record_id, now_ms, job_id, ArrayLiteral(endpoint_keys),
       ArrayLiteral(record_seqs), ArrayLiteral(codes), ArrayLiteral(golden_keys)},
      "store a keep-apart rule"));
  any_keep_apart_ = true;
  return id;
}

}  // namespace inlet::store
