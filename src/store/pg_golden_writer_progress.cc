// The PgGoldenWriter's bookkeeping around golden records: what each record came to, its
// receipt's counts and answer, the endpoint's progress, log rows and the job's counts.
#include <map>
#include <utility>

#include "store/pg_golden_writer.h"
#include "store/row_readers.h"

namespace inlet::store {

Status PgGoldenWriter::PutOutcomes(const std::vector<OutcomeToStore>& outcomes) {
  if (outcomes.empty()) return Status::Ok();
  // The last outcome of a record wins, as when each replaced the one before: one
  // statement may not update a row twice.
  std::map<std::pair<int64_t, int64_t>, const OutcomeToStore*> latest;
  for (const auto& outcome : outcomes) {
    latest[{outcome.endpoint_key, outcome.record_seq}] = &outcome;
  }
  std::vector<PgParam> endpoint_keys, record_seqs, row_indexes, record_ids, values, golden_keys;
  for (const auto& [record, outcome] : latest) {
    endpoint_keys.emplace_back(outcome->endpoint_key);
    record_seqs.emplace_back(outcome->record_seq);
    row_indexes.emplace_back(outcome->row_index);
    record_ids.emplace_back(outcome->record_id);
    values.emplace_back(static_cast<int64_t>(outcome->outcome));
    golden_keys.emplace_back(outcome->golden_key);
  }
  return db_.Run(
      "INSERT INTO record_outcomes (endpoint_key, record_seq, row_index, record_id, outcome, "
      "golden_key) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], "
      "$5::integer[], $6::bigint[]) "
      "ON CONFLICT (endpoint_key, record_seq) DO UPDATE SET row_index = excluded.row_index, "
      "record_id = excluded.record_id, outcome = excluded.outcome, "
      "golden_key = excluded.golden_key",
      {ArrayLiteral(endpoint_keys), ArrayLiteral(record_seqs), ArrayLiteral(row_indexes),
       ArrayLiteral(record_ids), ArrayLiteral(values), ArrayLiteral(golden_keys)},
      "keep records' outcomes");
}

Status PgGoldenWriter::DeleteOutcomes(int64_t endpoint_key, int64_t first_seq, int64_t last_seq) {
  return db_.Run(
      "DELETE FROM record_outcomes WHERE endpoint_key = $1 AND record_seq BETWEEN $2 AND $3",
      {endpoint_key, first_seq, last_seq}, "forget record outcomes");
}

Status PgGoldenWriter::RecountReceipts(int64_t endpoint_key, int64_t first_seq, int64_t last_seq,
                                       bool processed) {
  // Every receipt meeting the range at once; one without outcomes counts zeros.
  // RecordOutcome's values as stored: created 0, merged 1, unchanged 2, failed 3.
  return db_.Run(
      "UPDATE receipts SET times_processed = receipts.times_processed + $4, "
      "golden_created = c.created, golden_merged = c.merged, "
      "golden_unchanged = c.unchanged, golden_failed = c.failed FROM ("
      "SELECT r.seq, count(*) FILTER (WHERE o.outcome = 0) AS created, "
      "count(*) FILTER (WHERE o.outcome = 1) AS merged, "
      "count(*) FILTER (WHERE o.outcome = 2) AS unchanged, "
      "count(*) FILTER (WHERE o.outcome = 3) AS failed "
      "FROM receipts r LEFT JOIN record_outcomes o ON o.endpoint_key = r.endpoint_key "
      "AND o.record_seq BETWEEN r.first_record_seq AND r.last_record_seq "
      "WHERE r.endpoint_key = $1 AND r.last_record_seq >= $2 AND r.first_record_seq <= $3 "
      "GROUP BY r.seq) AS c WHERE receipts.seq = c.seq",
      {endpoint_key, first_seq, last_seq, int64_t{processed}}, "recount receipts");
}

Status PgGoldenWriter::SetReceiptResponse(int64_t receipt_seq, const std::string& response) {
  return db_.Run("UPDATE receipts SET response = $2 WHERE seq = $1", {receipt_seq, response},
                 "keep a bridge receipt's answer");
}

Status PgGoldenWriter::UpdateEndpointProgress(int64_t endpoint_key, int64_t part_count_delta,
                                              std::optional<EndpointStatus> status,
                                              std::optional<int64_t> processed_through_seq) {
  return db_.Run(
      "UPDATE endpoints SET data_part_count = greatest(0, data_part_count + $2::bigint), "
      "status = coalesce($3::text, status), "
      "processed_through_seq = greatest(processed_through_seq, coalesce($4::bigint, 0)) "
      "WHERE key = $1",
      {endpoint_key, part_count_delta, status ? PgParam(ToString(*status)) : PgParam::Null(),
       processed_through_seq},
      "update endpoint progress");
}

Status PgInsertLogRow(PgConnection& db, int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                      const LogRow& log, int64_t now_ms) {
  const std::string row_indexes = RowIndexesText(log.first_row_indexes);
  return db.Run(
      "INSERT INTO logs (endpoint_key, receipt_seq, created_at, level, domain, message_id, "
      "property, count, first_row_indexes, message) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {endpoint_key, receipt_seq, now_ms, ToString(log.level), ToString(log.domain), log.message_id,
       log.property ? PgParam(*log.property) : PgParam::Null(), log.count, row_indexes,
       log.message},
      "store log row");
}

Status PgGoldenWriter::AddLog(int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                              const LogRow& log, int64_t now_ms) {
  return PgInsertLogRow(db_, endpoint_key, receipt_seq, log, now_ms);
}

Status PgGoldenWriter::SaveJob(const Job& job) {
  INLET_ASSIGN_OR_RETURN(
      PgResult saved,
      db_.Query("UPDATE jobs SET state = $2, total = $3, done = $4, created = $5, merged = $6, "
                "unchanged = $7, failed = $8, removed = $9, message = $10, finished_at = $11 "
                "WHERE id = $1 AND ($12::text IS NULL OR node = $12)",
                {job.id, ToString(job.state), job.total, job.done, job.created, job.merged,
                 job.unchanged, job.failed, job.removed, job.message, job.finished_at_ms,
                 node_.empty() ? PgParam::Null() : PgParam(node_)},
                "save job"));
  if (saved.Affected() == 0 && !node_.empty()) return JobTakenOver(job);
  return Status::Ok();
}

}  // namespace inlet::store
