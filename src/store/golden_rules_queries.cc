// SqliteStore: a golden record's history, and keep-apart rules (SPEC §11).
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

// Rows of kept_apart_parts whose code no rule names any more.
constexpr char kForgetUnnamedParts[] =
    "DELETE FROM kept_apart_parts WHERE code NOT IN (SELECT code FROM keep_apart_sides)";

}  // namespace

Result<std::optional<GoldenHistory>> SqliteStore::ReadGoldenHistory(
    const std::string& id, std::optional<int64_t> after_seq, int limit) {
  auto db = readers_.Acquire();
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin history read"));
  auto read = [&]() -> Result<std::optional<GoldenHistory>> {
    INLET_ASSIGN_OR_RETURN(
        auto golden,
        db->Prepare("SELECT key, created_at, creation, creation_job, document FROM golden_records "
                    "WHERE id = ?1",
                    "find history"));
    golden.Bind(1, id);
    INLET_ASSIGN_OR_RETURN(auto found, golden.Step());
    if (!found) return std::optional<GoldenHistory>();
    GoldenHistory history;
    history.entity_id = id;
    history.document = golden.Text(4);
    // Its creation, kept in its own row, comes first: the row before seq 1.
    if (!after_seq && !golden.IsNull(2)) {
      history.rows.push_back(
          HistoryRow{0, golden.Int(1), golden.IsNull(3) ? "" : golden.Text(3), golden.Text(2)});
    }
    INLET_ASSIGN_OR_RETURN(auto stmt,
                           db->Prepare("SELECT seq, at, job_id, events FROM golden_history "
                                       "WHERE golden_key = ?1 AND seq > ?2 ORDER BY seq",
                                       "read history"));
    stmt.Bind(1, golden.Int(0)).Bind(2, after_seq.value_or(0));
    // A row holds one engine pass's events: about one per 40 bytes of its text.
    constexpr size_t kBytesPerEvent = 40;
    size_t events = history.rows.size();
    for (;;) {
      if (events >= static_cast<size_t>(limit)) {
        history.more = true;
        break;
      }
      INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
      if (!row) break;
      HistoryRow item{stmt.Int(0), stmt.Int(1), stmt.IsNull(2) ? "" : stmt.Text(2), stmt.Text(3)};
      events += 1 + item.events.size() / kBytesPerEvent;
      history.rows.push_back(std::move(item));
    }
    return std::optional<GoldenHistory>(std::move(history));
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end history read");
  return result;
}

Result<std::vector<KeepApartRule>> SqliteStore::ListKeepApart(std::optional<int64_t> after_seq,
                                                              int limit) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare("SELECT k.seq, k.id, k.job_id, k.created_at, k.taken_code, t.id, "
                  "k.taken_record_id, k.stays_code, s.id, k.stays_record_id FROM keep_apart k "
                  "JOIN endpoints t ON t.key = k.taken_endpoint_key "
                  "JOIN endpoints s ON s.key = k.stays_endpoint_key "
                  "WHERE k.seq > ?1 ORDER BY k.seq LIMIT ?2",
                  "list keep-apart rules"));
  stmt.Bind(1, after_seq.value_or(0)).Bind(2, int64_t{limit});
  std::vector<KeepApartRule> rules;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return rules;
    KeepApartRule rule;
    rule.seq = stmt.Int(0);
    rule.id = stmt.Text(1);
    if (!stmt.IsNull(2)) rule.job_id = stmt.Text(2);
    rule.created_at_ms = stmt.Int(3);
    rule.taken_out = {stmt.Text(4), stmt.Text(5), stmt.Text(6)};
    rule.stays = {stmt.Text(7), stmt.Text(8), stmt.Text(9)};
    rules.push_back(std::move(rule));
  }
}

Status SqliteStore::DeleteKeepApart(const std::string& id) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("delete keep-apart rule"));
  INLET_ASSIGN_OR_RETURN(auto find,
                         writer_->Prepare("SELECT seq FROM keep_apart WHERE id = ?1", "find rule"));
  find.Bind(1, id);
  INLET_ASSIGN_OR_RETURN(auto found, find.Step());
  if (!found) {
    return Status::NotFound("rule-not-found", "no keep-apart rule has the id " + id);
  }
  const int64_t rule_seq = find.Int(0);
  // The taken-out record's parts forget their hashes: the next job of their endpoint
  // maps their records again, takes each part out and applies it anew, so it may merge
  // back.
  INLET_ASSIGN_OR_RETURN(
      auto forget,
      writer_->Prepare("UPDATE data_parts SET clue_hash = zeroblob(16), source_hash = NULL "
                       "WHERE (endpoint_key, record_seq) IN (SELECT p.endpoint_key, p.record_seq "
                       "FROM keep_apart k JOIN kept_apart_parts p ON p.code = k.taken_code "
                       "WHERE k.seq = ?1)",
                       "let the taken-out record merge again"));
  INLET_RETURN_IF_ERROR(forget.Bind(1, rule_seq).Run());
  for (const char* sql : {"DELETE FROM keep_apart_sides WHERE rule_seq = ?1",
                          "DELETE FROM keep_apart WHERE seq = ?1"}) {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(sql, "delete keep-apart rule"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, rule_seq).Run());
  }
  INLET_RETURN_IF_ERROR(writer_->Exec(kForgetUnnamedParts, "forget the rule's parts"));
  return tx.Commit("delete keep-apart rule");
}

Status DeleteRulesNaming(Connection& db, int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(auto rules,
                         db.Prepare("DELETE FROM keep_apart WHERE taken_endpoint_key = ?1 OR "
                                    "stays_endpoint_key = ?1",
                                    "delete the endpoint's keep-apart rules"));
  INLET_RETURN_IF_ERROR(rules.Bind(1, endpoint_key).Run());
  INLET_RETURN_IF_ERROR(
      db.Exec("DELETE FROM keep_apart_sides WHERE rule_seq NOT IN (SELECT seq FROM keep_apart)",
              "delete the endpoint's keep-apart rules"));
  return db.Exec(kForgetUnnamedParts, "forget the endpoint's rules' parts");
}

}  // namespace inlet::store
