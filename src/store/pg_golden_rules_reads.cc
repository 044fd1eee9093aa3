// PgGoldenReads: a golden record's edges and history, what a receipt's records came to,
// the change feed's end and keep-apart rules, as the SQLite store reads and deletes them
// (golden_queries.cc, golden_rules_queries.cc). Each read is one statement, so it sees
// one snapshot without a transaction. Edges are ordered bytewise (COLLATE "C"), as
// SQLite orders them, whatever collation the database was made with.
#include <algorithm>

#include "store/pg_golden_reads.h"
#include "store/pg_schema.h"

namespace inlet::store {
namespace {

// SQLite takes a negative LIMIT as none; PostgreSQL refuses one but takes NULL as none.
PgParam LimitParam(int64_t limit) { return limit < 0 ? PgParam::Null() : PgParam(limit); }

}  // namespace

Result<std::vector<GoldenEdgeOut>> PgGoldenReads::OutgoingEdges(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT DISTINCT pe.edge_type COLLATE \"C\", pe.target_code COLLATE \"C\", "
                "COALESCE(g.id, '') FROM data_parts p JOIN part_edges pe "
                "ON pe.endpoint_key = p.endpoint_key AND pe.record_seq = p.record_seq "
                "LEFT JOIN codes c ON c.code = pe.target_code "
                "LEFT JOIN golden_records g ON g.key = c.golden_key "
                "WHERE p.golden_key = $1 ORDER BY 1, 2",
                {golden_key}, "read outgoing edges"));
  std::vector<GoldenEdgeOut> edges;
  for (int row = 0; row < rows.Rows(); ++row) {
    edges.push_back({rows.Text(row, 0), rows.Text(row, 1), rows.Text(row, 2)});
  }
  return edges;
}

Result<std::vector<GoldenEdgeIn>> PgGoldenReads::IncomingEdges(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT DISTINCT pe.edge_type COLLATE \"C\", g.id COLLATE \"C\" FROM codes c "
                "JOIN part_edges pe ON pe.target_code = c.code "
                "JOIN data_parts p ON p.endpoint_key = pe.endpoint_key "
                "AND p.record_seq = pe.record_seq "
                "JOIN golden_records g ON g.key = p.golden_key "
                "WHERE c.golden_key = $1 ORDER BY 1, 2",
                {golden_key}, "read incoming edges"));
  std::vector<GoldenEdgeIn> edges;
  for (int row = 0; row < rows.Rows(); ++row) {
    edges.push_back({rows.Text(row, 0), rows.Text(row, 1)});
  }
  return edges;
}

Result<std::vector<RecordOutcomeRef>> PgGoldenReads::ReceiptOutcomes(
    const RecordRange& records, std::optional<int64_t> after_seq, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // The records processed (their outcome rows, which outlive a clear of the records)
  // and those still waiting (records without one), merged in seq order. An outcome names
  // the golden record it went into, or its survivor once that was merged away.
  const int64_t from = std::max(after_seq.value_or(0), records.first_seq - 1);
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT seq, row_index, record_id, outcome, entity_id FROM ("
                "SELECT o.record_seq AS seq, o.row_index, o.record_id, o.outcome, "
                "COALESCE(s.id, g.id) AS entity_id FROM record_outcomes o "
                "LEFT JOIN golden_records g ON g.key = o.golden_key "
                "LEFT JOIN golden_records s ON s.key = g.merged_into "
                "WHERE o.endpoint_key = $1 AND o.record_seq > $2 AND o.record_seq <= $3 "
                "UNION ALL "
                "SELECT r.seq, r.row_index, r.id, $5::integer, NULL FROM records r "
                "WHERE r.seq > $2 AND r.seq <= $3 AND r.endpoint_key = $1 AND NOT EXISTS "
                "(SELECT 1 FROM record_outcomes o WHERE o.endpoint_key = $1 "
                "AND o.record_seq = r.seq)) outcomes ORDER BY seq LIMIT $4",
                {records.endpoint_key, from, records.last_seq, LimitParam(limit),
                 static_cast<int64_t>(RecordOutcome::kPending)},
                "read record outcomes"));
  std::vector<RecordOutcomeRef> outcomes;
  for (int row = 0; row < rows.Rows(); ++row) {
    RecordOutcomeRef outcome;
    outcome.record_seq = rows.Int(row, 0);
    outcome.row_index = rows.OptionalInt(row, 1);
    outcome.record_id = rows.Text(row, 2);
    const int64_t stored = rows.Int(row, 3);
    outcome.outcome = stored >= 0 && stored <= static_cast<int64_t>(RecordOutcome::kPending)
                          ? static_cast<RecordOutcome>(stored)
                          : RecordOutcome::kPending;
    outcome.entity_id = rows.Text(row, 4);  // "" when NULL
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

Result<int64_t> PgGoldenReads::LatestChangeSeq() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT GREATEST(COALESCE((SELECT max(seq) FROM golden_changes), 0), "
                "COALESCE((SELECT value FROM store_meta WHERE name = 'changes_pruned_through'), "
                "0))",
                {}, "read the change feed's end"));
  return rows.Int(0, 0);
}

Result<std::optional<GoldenHistory>> PgGoldenReads::ReadGoldenHistory(
    const std::string& id, std::optional<int64_t> after_seq, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // The golden record's row (kind 0) and its history rows after the cursor (kind 1), in one
  // statement. A row counts at least one event, so `limit` rows are all a page can take.
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("(SELECT 0 AS kind, 0 AS seq, created_at AS at, creation_job AS job_id, "
                "creation AS events, document FROM golden_records WHERE id = $1) "
                "UNION ALL (SELECT 1, h.seq, h.at, h.job_id, h.events, NULL "
                "FROM golden_records g JOIN golden_history h ON h.golden_key = g.key "
                "WHERE g.id = $1 AND h.seq > $2 ORDER BY h.seq LIMIT $3) ORDER BY kind, seq",
                {id, after_seq.value_or(0), LimitParam(limit)}, "read history"));
  if (rows.Rows() == 0 || rows.Int(0, 0) != 0) return std::optional<GoldenHistory>();
  GoldenHistory history;
  history.entity_id = id;
  history.document = rows.Text(0, 5);
  // Its creation, kept in its own row, comes first: the row before seq 1.
  if (!after_seq && !rows.IsNull(0, 4)) {
    history.rows.push_back(HistoryRow{0, rows.Int(0, 2), rows.Text(0, 3), rows.Text(0, 4)});
  }
  // A row holds one engine pass's events: about one per 40 bytes of its text.
  constexpr size_t kBytesPerEvent = 40;
  const auto max_events = static_cast<size_t>(limit);  // a negative limit is none, as on SQLite
  size_t events = history.rows.size();
  for (int row = 1; row < rows.Rows() && events < max_events; ++row) {
    HistoryRow item{rows.Int(row, 1), rows.Int(row, 2), rows.Text(row, 3), rows.Text(row, 4)};
    events += 1 + item.events.size() / kBytesPerEvent;
    history.rows.push_back(std::move(item));
  }
  history.more = events >= max_events;
  return std::optional<GoldenHistory>(std::move(history));
}

Result<std::vector<KeepApartRule>> PgGoldenReads::ListKeepApart(std::optional<int64_t> after_seq,
                                                                int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT k.seq, k.id, k.job_id, k.created_at, k.taken_code, t.id, "
                "k.taken_record_id, k.stays_code, s.id, k.stays_record_id FROM keep_apart k "
                "JOIN endpoints t ON t.key = k.taken_endpoint_key "
                "JOIN endpoints s ON s.key = k.stays_endpoint_key "
                "WHERE k.seq > $1 ORDER BY k.seq LIMIT $2",
                {after_seq.value_or(0), LimitParam(limit)}, "list keep-apart rules"));
  std::vector<KeepApartRule> rules;
  for (int row = 0; row < rows.Rows(); ++row) {
    KeepApartRule rule;
    rule.seq = rows.Int(row, 0);
    rule.id = rows.Text(row, 1);
    rule.job_id = rows.Text(row, 2);  // "" when NULL
    rule.created_at_ms = rows.Int(row, 3);
    rule.taken_out = {rows.Text(row, 4), rows.Text(row, 5), rows.Text(row, 6)};
    rule.stays = {rows.Text(row, 7), rows.Text(row, 8), rows.Text(row, 9)};
    rules.push_back(std::move(rule));
  }
  return rules;
}

Status PgGoldenReads::DeleteKeepApart(const std::string& id) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "delete keep-apart rule"));
  // Processing reads the rules while it writes golden records: a rule goes between slices.
  INLET_RETURN_IF_ERROR(LockGoldenWrites(*db));
  // Its sides go with it (ON DELETE CASCADE).
  INLET_ASSIGN_OR_RETURN(
      PgResult rule, db->Query("DELETE FROM keep_apart WHERE id = $1 RETURNING taken_code", {id},
                               "delete keep-apart rule"));
  if (rule.Rows() == 0) {
    return Status::NotFound("rule-not-found", "no keep-apart rule has the id " + id);
  }
  // The taken-out record's parts forget their hashes (sixteen zero bytes, which no clue
  // hashes to, as on SQLite): the next job of their endpoint maps their records again,
  // takes each part out and applies it anew, so it may merge back.
  INLET_RETURN_IF_ERROR(
      db->Run("UPDATE data_parts p SET clue_hash = decode(repeat('00', 16), 'hex'), "
              "source_hash = NULL FROM kept_apart_parts k WHERE k.code = $1 "
              "AND p.endpoint_key = k.endpoint_key AND p.record_seq = k.record_seq",
              {rule.Text(0, 0)}, "let the taken-out record merge again"));
  // The parts that no rule names any more.
  INLET_RETURN_IF_ERROR(
      db->Run("DELETE FROM kept_apart_parts p WHERE NOT EXISTS "
              "(SELECT 1 FROM keep_apart_sides s WHERE s.code = p.code)",
              {}, "forget the rule's parts"));
  return tx.Commit();
}

}  // namespace inlet::store
