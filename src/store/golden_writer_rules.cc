// The SqliteGoldenWriter's history and keep-apart writes (SPEC §11), and the upkeep of
// kept_apart_parts that the part writes in golden_writer.cc call while rules exist.
#include "inlet/common/uuid.h"
#include "store/golden_writer.h"

namespace inlet::store {

Status SqliteGoldenWriter::AppendHistory(int64_t golden_key, int64_t now_ms,
                                         const std::string& job_id, const std::string& events) {
  INLET_ASSIGN_OR_RETURN(auto stmt,
                         db_.Prepare("INSERT INTO golden_history (golden_key, at, job_id, events) "
                                     "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS "
                                     "(SELECT 1 FROM golden_records WHERE key = ?1)",
                                     "append golden record history"));
  stmt.Bind(1, golden_key).Bind(2, now_ms);
  if (job_id.empty()) {
    stmt.BindNull(3);
  } else {
    stmt.Bind(3, job_id);
  }
  return stmt.Bind(4, events).Run();
}

Status SqliteGoldenWriter::SetOutcomeGolden(int64_t endpoint_key, int64_t record_seq,
                                            int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("UPDATE record_outcomes SET golden_key = ?3 "
                                                "WHERE endpoint_key = ?1 AND record_seq = ?2",
                                                "move a record's outcome"));
  return stmt.Bind(1, endpoint_key).Bind(2, record_seq).Bind(3, golden_key).Run();
}

Result<bool> SqliteGoldenWriter::AnyKeepApart() {
  if (!any_keep_apart_) {
    INLET_ASSIGN_OR_RETURN(auto stmt,
                           db_.Prepare("SELECT 1 FROM keep_apart LIMIT 1", "look for rules"));
    INLET_ASSIGN_OR_RETURN(any_keep_apart_, stmt.Step());
  }
  return *any_keep_apart_;
}

Result<bool> SqliteGoldenWriter::KeptApart(const std::string& code, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any) return false;
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db_.Prepare("SELECT 1 FROM keep_apart_sides s JOIN kept_apart_parts o "
                             "ON o.code = s.other_code WHERE s.code = ?1 AND o.golden_key = ?2 "
                             "LIMIT 1",
                             "check a record against keep-apart rules"));
  stmt.Bind(1, code).Bind(2, golden_key);
  return stmt.Step();
}

Result<bool> SqliteGoldenWriter::KeptApart(int64_t golden_a, int64_t golden_b) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any) return false;
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("SELECT 1 FROM kept_apart_parts p JOIN keep_apart_sides s ON s.code = p.code "
                  "JOIN kept_apart_parts o ON o.code = s.other_code "
                  "WHERE p.golden_key = ?1 AND o.golden_key = ?2 LIMIT 1",
                  "check golden records against keep-apart rules"));
  stmt.Bind(1, golden_a).Bind(2, golden_b);
  return stmt.Step();
}

Result<std::string> SqliteGoldenWriter::AddKeepApart(const KeepApartSide& taken_out,
                                                     const KeepApartSide& stays,
                                                     const std::vector<DataPart>& parts,
                                                     const std::string& job_id, int64_t now_ms) {
  const std::string id = NewUuidV4();
  INLET_ASSIGN_OR_RETURN(
      auto rule,
      db_.Prepare("INSERT INTO keep_apart (id, taken_code, taken_endpoint_key, taken_record_id, "
                  "stays_code, stays_endpoint_key, stays_record_id, created_at, job_id) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                  "store a keep-apart rule"));
  INLET_RETURN_IF_ERROR(rule.Bind(1, id)
                            .Bind(2, taken_out.code)
                            .Bind(3, taken_out.endpoint_key)
                            .Bind(4, taken_out.record_id)
                            .Bind(5, stays.code)
                            .Bind(6, stays.endpoint_key)
                            .Bind(7, stays.record_id)
                            .Bind(8, now_ms)
                            .Bind(9, job_id)
                            .Run());
  const int64_t rule_seq = db_.LastInsertRowid();
  INLET_ASSIGN_OR_RETURN(auto side,
                         db_.Prepare("INSERT INTO keep_apart_sides (code, rule_seq, other_code) "
                                     "VALUES (?1, ?2, ?3)",
                                     "store a keep-apart rule's side"));
  for (auto [one, other] : {std::pair{&taken_out, &stays}, std::pair{&stays, &taken_out}}) {
    INLET_RETURN_IF_ERROR(side.Bind(1, one->code).Bind(2, rule_seq).Bind(3, other->code).Run());
  }
  any_keep_apart_ = true;
  // The parts it names now; later part writes keep the table up to date.
  for (const DataPart& part : parts) INLET_RETURN_IF_ERROR(TrackKeptApartPart(part, true));
  return id;
}

Status SqliteGoldenWriter::TrackKeptApartPart(const DataPart& part, bool always) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any || part.primary_code.empty()) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db_.Prepare("INSERT OR REPLACE INTO kept_apart_parts (endpoint_key, record_seq, code, "
                  "golden_key) SELECT ?1, ?2, ?3, ?4 WHERE ?5 OR EXISTS (SELECT 1 FROM "
                  "keep_apart_sides WHERE code = ?3)",
                  "note a part a keep-apart rule names"));
  return stmt.Bind(1, part.endpoint_key)
      .Bind(2, part.record_seq)
      .Bind(3, part.primary_code)
      .Bind(4, part.golden_key)
      .Bind(5, int64_t{always})
      .Run();
}

Status SqliteGoldenWriter::FollowKeptApartParts(const char* sql,
                                                std::initializer_list<int64_t> values) {
  INLET_ASSIGN_OR_RETURN(auto any, AnyKeepApart());
  if (!any) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(sql, "follow the parts keep-apart rules name"));
  int index = 0;
  for (int64_t value : values) stmt.Bind(++index, value);
  return stmt.Run();
}

}  // namespace inlet::store
