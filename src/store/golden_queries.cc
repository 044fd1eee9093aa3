// Store methods for golden records: the write slice, and reads of golden records and
// their edges.
#include <algorithm>

#include "inlet/common/time.h"
#include "store/golden_writer.h"
#include "store/row_readers.h"
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

constexpr char kGoldenColumns[] =
    "SELECT key, id, entity_type, shadow, name, document, created_at, updated_at "
    "FROM golden_records ";

GoldenRecord ReadGolden(const Statement& stmt) {
  GoldenRecord golden;
  golden.key = stmt.Int(0);
  golden.id = stmt.Text(1);
  golden.entity_type = stmt.Text(2);
  golden.shadow = stmt.Int(3) != 0;
  golden.name = stmt.Text(4);
  golden.document = stmt.Text(5);
  golden.created_at_ms = stmt.Int(6);
  golden.updated_at_ms = stmt.Int(7);
  return golden;
}

Status ReadMergedFrom(Connection& db, GoldenRecord& golden) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db.Prepare("SELECT id FROM golden_records WHERE merged_into = ?1 ORDER BY key",
                            "read merged ids"));
  stmt.Bind(1, golden.key);
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return Status::Ok();
    golden.merged_from.push_back(stmt.Text(0));
  }
}

constexpr char kPartRefColumns[] =
    "SELECT e.id, p.record_id, p.receipt_id, p.part_order FROM data_parts p "
    "JOIN endpoints e ON e.key = p.endpoint_key ";

Result<std::vector<GoldenPartRef>> ReadPartRefs(Statement& stmt) {
  std::vector<GoldenPartRef> parts;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return parts;
    parts.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Int(3)});
  }
}

Result<int64_t> CountOf(Connection& db, const char* sql, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(sql, "count golden record items"));
  stmt.Bind(1, golden_key);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

// Codes sorted, after `after`; at most `limit`.
Result<std::vector<std::string>> ReadCodes(Connection& db, int64_t golden_key,
                                           const std::optional<std::string>& after, int limit) {
  // Two statements, so that a page after a code starts at it in the index by golden
  // record and code instead of counting its way there from the first.
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db.Prepare(after ? "SELECT code FROM codes WHERE golden_key = ?1 AND code > ?2 "
                         "ORDER BY code LIMIT ?3"
                       : "SELECT code FROM codes WHERE golden_key = ?1 ORDER BY code LIMIT ?3",
                 "read golden record codes"));
  stmt.Bind(1, golden_key).Bind(3, int64_t{limit});
  if (after) stmt.Bind(2, *after);
  std::vector<std::string> codes;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return codes;
    codes.push_back(stmt.Text(0));
  }
}

// Parts in processing order, after the part of order `after`; at most `limit`.
Result<std::vector<GoldenPartRef>> ReadParts(Connection& db, int64_t golden_key, int64_t after,
                                             int limit) {
  static const std::string kSql = std::string(kPartRefColumns) +
                                  "WHERE p.golden_key = ?1 AND p.part_order > ?2 "
                                  "ORDER BY p.part_order LIMIT ?3";
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(kSql, "read golden record parts"));
  stmt.Bind(1, golden_key).Bind(2, after).Bind(3, int64_t{limit});
  return ReadPartRefs(stmt);
}

// The parts at `indexes` of the golden record's parts in processing order that lie
// beyond the first ones read: one walk of the index of parts by golden record finds
// their orders.
Status ReadNamedParts(Connection& db, GoldenRecord& golden, std::vector<int64_t> indexes) {
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  std::vector<int64_t> beyond;
  for (int64_t index : indexes) {
    if (index >= static_cast<int64_t>(golden.parts.size()) && index < golden.part_count) {
      beyond.push_back(index);
    }
  }
  if (beyond.empty()) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(auto walk,
                         db.Prepare("SELECT part_order FROM data_parts WHERE golden_key = ?1 "
                                    "ORDER BY part_order",
                                    "find named golden record parts"));
  walk.Bind(1, golden.key);
  static const std::string kOne = std::string(kPartRefColumns) + "WHERE p.part_order = ?1";
  size_t next = 0;
  for (int64_t index = 0; next < beyond.size(); ++index) {
    INLET_ASSIGN_OR_RETURN(auto row, walk.Step());
    if (!row) break;
    if (index != beyond[next]) continue;
    INLET_ASSIGN_OR_RETURN(auto one, db.Prepare(kOne, "read a named golden record part"));
    one.Bind(1, walk.Int(0));
    INLET_ASSIGN_OR_RETURN(auto parts, ReadPartRefs(one));
    if (!parts.empty()) golden.named_parts.emplace(index, std::move(parts.front()));
    ++next;
  }
  return Status::Ok();
}

// The first codes and parts the store holds for `golden`, how many there are, and the
// parts its document names.
Status ReadCodesAndParts(Connection& db, GoldenRecord& golden, const PartIndexesOf& named_parts) {
  INLET_ASSIGN_OR_RETURN(golden.codes, ReadCodes(db, golden.key, std::nullopt, kGoldenItemsRead));
  INLET_ASSIGN_OR_RETURN(golden.parts, ReadParts(db, golden.key, 0, kGoldenItemsRead));
  INLET_ASSIGN_OR_RETURN(
      golden.code_count,
      CountOf(db, "SELECT count(*) FROM codes WHERE golden_key = ?1", golden.key));
  INLET_ASSIGN_OR_RETURN(
      golden.part_count,
      CountOf(db, "SELECT count(*) FROM data_parts WHERE golden_key = ?1", golden.key));
  // Most golden records have all their parts among the first read: their document need
  // not be read for the parts it names.
  if (!named_parts || golden.part_count <= static_cast<int64_t>(golden.parts.size())) {
    return Status::Ok();
  }
  return ReadNamedParts(db, golden, named_parts(golden.document));
}

// The key of the golden record with this id, or of its survivor.
Result<std::optional<int64_t>> LiveKeyOf(Connection& db, const std::string& id) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db.Prepare("SELECT COALESCE(merged_into, key) FROM golden_records WHERE id = ?1",
                            "find golden record"));
  stmt.Bind(1, id);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt.Int(0));
}

// About what a golden record adds to a list answer: its document, codes and parts (a
// part is an endpoint id and a record id, about 100 bytes in JSON).
uint64_t AnswerBytes(const GoldenRecord& golden) {
  constexpr uint64_t kPartBytes = 100;
  uint64_t bytes = golden.document.size() + golden.parts.size() * kPartBytes;
  for (const auto& code : golden.codes) bytes += code.size() + 3;
  return bytes;
}

}  // namespace

Status SqliteStore::RunGoldenSlice(const std::function<Status(GoldenWriter&)>& work) {
  // A job runs slice after slice: each one lets a waiting ingestion commit go first.
  writer_mutex_.lock_after_waiters();
  std::lock_guard lock(writer_mutex_, std::adopt_lock);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("begin processing slice"));
  SqliteGoldenWriter writer(*writer_, &writer_mutex_, change_feed_);
  INLET_RETURN_IF_ERROR(work(writer));
  INLET_RETURN_IF_ERROR(tx.Commit("commit processing slice"));
  if (writer.wrote_changes()) change_signal_.Notify();
  return Status::Ok();
}

Result<std::optional<GoldenRecord>> SqliteStore::GetGoldenRecord(const std::string& id,
                                                                 const PartIndexesOf& named_parts) {
  auto db = readers_.Acquire();
  // One read transaction: the record, its merge history, codes and parts from the same
  // commit.
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin golden record read"));
  auto read = [&]() -> Result<std::optional<GoldenRecord>> {
    static const std::string kSql = std::string(kGoldenColumns) +
                                    "WHERE key = (SELECT COALESCE(merged_into, key) "
                                    "FROM golden_records WHERE id = ?1)";
    INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(kSql, "read golden record"));
    stmt.Bind(1, id);
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return std::optional<GoldenRecord>();
    GoldenRecord golden = ReadGolden(stmt);
    INLET_RETURN_IF_ERROR(ReadMergedFrom(*db, golden));
    INLET_RETURN_IF_ERROR(ReadCodesAndParts(*db, golden, named_parts));
    return std::optional<GoldenRecord>(std::move(golden));
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end golden record read");
  return result;
}

namespace {

// The list query with a term for each filter `query` has, and none for the others: a
// `?N IS NULL OR …` term would hide an index from the planner. A code names at most one
// golden record, found by its key; an entity type has an index of live golden records by
// type and key. A golden record with a part from an endpoint is found through the index of
// parts by golden record and endpoint; those with a part from a receipt's records (a few,
// usually) are read from that range of parts first. Parameters keep their numbers (?1
// after, ?2 type, ?3 code, ?4 text, ?5 limit, ?6 endpoint, ?7 and ?8 the records' first
// and last seq, ?9 their endpoint) whichever terms are present.
std::string ListSql(const GoldenQuery& query) {
  std::string sql = kGoldenColumns;
  sql += query.code ? "WHERE key = (SELECT golden_key FROM codes WHERE code = ?3) AND " : "WHERE ";
  sql += "merged_into IS NULL AND key > ?1 ";
  if (query.entity_type) sql += "AND entity_type = ?2 ";
  if (query.endpoint_key) {
    sql +=
        "AND EXISTS (SELECT 1 FROM data_parts p WHERE p.golden_key = golden_records.key "
        "AND p.endpoint_key = ?6) ";
  }
  if (query.records) {
    sql +=
        "AND key IN (SELECT golden_key FROM data_parts WHERE endpoint_key = ?9 "
        "AND record_seq BETWEEN ?7 AND ?8) ";
  }
  if (query.text) {
    sql +=
        "AND (name LIKE ?4 ESCAPE '\\' OR search_text LIKE ?4 ESCAPE '\\' "
        "OR EXISTS (SELECT 1 FROM codes c WHERE c.golden_key = golden_records.key "
        "AND c.code LIKE ?4 ESCAPE '\\')) ";
  }
  return sql + "ORDER BY key LIMIT ?5";
}

}  // namespace

Result<std::vector<GoldenRecord>> SqliteStore::ListGoldenRecords(const GoldenQuery& query) {
  const std::string sql = ListSql(query);
  auto db = readers_.Acquire();
  // One read transaction: each record's codes and parts from the commit it was read in.
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin golden record list"));
  auto read = [&]() -> Result<std::vector<GoldenRecord>> {
    INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(sql, "list golden records"));
    stmt.Bind(1, query.after_key.value_or(0)).Bind(5, int64_t{query.limit});
    if (query.entity_type) stmt.Bind(2, *query.entity_type);
    if (query.code) stmt.Bind(3, *query.code);
    if (query.text) stmt.Bind(4, ContainsPattern(*query.text));
    if (query.endpoint_key) stmt.Bind(6, *query.endpoint_key);
    if (query.records) {
      stmt.Bind(7, query.records->first_seq)
          .Bind(8, query.records->last_seq)
          .Bind(9, query.records->endpoint_key);
    }
    std::vector<GoldenRecord> records;
    uint64_t bytes = 0;
    for (;;) {
      if (query.max_bytes > 0 && bytes >= query.max_bytes) break;
      INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
      if (!row) break;
      records.push_back(ReadGolden(stmt));
      GoldenRecord& golden = records.back();
      if (query.codes_and_parts) {
        INLET_RETURN_IF_ERROR(ReadCodesAndParts(*db, golden, query.named_parts));
      }
      bytes += AnswerBytes(golden);
    }
    return records;
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end golden record list");
  return result;
}

Result<std::optional<std::vector<GoldenPartRef>>> SqliteStore::GoldenParts(
    const std::string& id, std::optional<int64_t> after, int limit) {
  auto db = readers_.Acquire();
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin golden record parts read"));
  auto read = [&]() -> Result<std::optional<std::vector<GoldenPartRef>>> {
    INLET_ASSIGN_OR_RETURN(auto key, LiveKeyOf(*db, id));
    if (!key) return std::optional<std::vector<GoldenPartRef>>();
    INLET_ASSIGN_OR_RETURN(auto parts, ReadParts(*db, *key, after.value_or(0), limit));
    return std::optional(std::move(parts));
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end golden record parts read");
  return result;
}

Result<std::optional<std::vector<std::string>>> SqliteStore::GoldenCodes(
    const std::string& id, const std::optional<std::string>& after, int limit) {
  auto db = readers_.Acquire();
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin golden record codes read"));
  auto read = [&]() -> Result<std::optional<std::vector<std::string>>> {
    INLET_ASSIGN_OR_RETURN(auto key, LiveKeyOf(*db, id));
    if (!key) return std::optional<std::vector<std::string>>();
    INLET_ASSIGN_OR_RETURN(auto codes, ReadCodes(*db, *key, after, limit));
    return std::optional(std::move(codes));
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end golden record codes read");
  return result;
}

Result<std::vector<GoldenEdgeOut>> SqliteStore::OutgoingEdges(int64_t golden_key) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare("SELECT DISTINCT pe.edge_type, pe.target_code, COALESCE(g.id, '') "
                             "FROM data_parts p JOIN part_edges pe "
                             "ON pe.endpoint_key = p.endpoint_key AND pe.record_seq = p.record_seq "
                             "LEFT JOIN codes c ON c.code = pe.target_code "
                             "LEFT JOIN golden_records g ON g.key = c.golden_key "
                             "WHERE p.golden_key = ?1 ORDER BY pe.edge_type, pe.target_code",
                             "read outgoing edges"));
  stmt.Bind(1, golden_key);
  std::vector<GoldenEdgeOut> edges;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return edges;
    edges.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2)});
  }
}

Result<std::vector<GoldenEdgeIn>> SqliteStore::IncomingEdges(int64_t golden_key) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare(
          "SELECT DISTINCT pe.edge_type, g.id FROM codes c "
          "JOIN part_edges pe ON pe.target_code = c.code "
          "JOIN data_parts p ON p.endpoint_key = pe.endpoint_key AND p.record_seq = pe.record_seq "
          "JOIN golden_records g ON g.key = p.golden_key "
          "WHERE c.golden_key = ?1 ORDER BY pe.edge_type, g.id",
          "read incoming edges"));
  stmt.Bind(1, golden_key);
  std::vector<GoldenEdgeIn> edges;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return edges;
    edges.push_back({stmt.Text(0), stmt.Text(1)});
  }
}

Result<std::vector<RecordOutcomeRef>> SqliteStore::ReceiptOutcomes(const RecordRange& records,
                                                                   std::optional<int64_t> after_seq,
                                                                   int limit) {
  auto db = readers_.Acquire();
  // The records processed (their outcome rows, which outlive a clear of the records)
  // and those still waiting (records without one), merged in seq order. An outcome names
  // the golden record it went into, or its survivor once that was merged away.
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare("SELECT seq, row_index, record_id, outcome, entity_id FROM ("
                  "SELECT o.record_seq AS seq, o.row_index, o.record_id, o.outcome, "
                  "COALESCE(s.id, g.id) AS entity_id FROM record_outcomes o "
                  "LEFT JOIN golden_records g ON g.key = o.golden_key "
                  "LEFT JOIN golden_records s ON s.key = g.merged_into "
                  "WHERE o.endpoint_key = ?1 AND o.record_seq > ?2 AND o.record_seq <= ?3 "
                  "UNION ALL "
                  "SELECT r.seq, r.row_index, r.id, ?5, NULL FROM records r "
                  "WHERE r.seq > ?2 AND r.seq <= ?3 AND r.endpoint_key = ?1 AND NOT EXISTS "
                  "(SELECT 1 FROM record_outcomes o WHERE o.endpoint_key = ?1 "
                  "AND o.record_seq = r.seq)) ORDER BY seq LIMIT ?4",
                  "read record outcomes"));
  const int64_t from = std::max(after_seq.value_or(0), records.first_seq - 1);
  stmt.Bind(1, records.endpoint_key)
      .Bind(2, from)
      .Bind(3, records.last_seq)
      .Bind(4, int64_t{limit})
      .Bind(5, static_cast<int64_t>(RecordOutcome::kPending));
  std::vector<RecordOutcomeRef> outcomes;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return outcomes;
    RecordOutcomeRef outcome;
    outcome.record_seq = stmt.Int(0);
    outcome.row_index = stmt.OptionalInt(1);
    outcome.record_id = stmt.Text(2);
    const int64_t stored = stmt.Int(3);
    outcome.outcome = stored >= 0 && stored <= static_cast<int64_t>(RecordOutcome::kPending)
                          ? static_cast<RecordOutcome>(stored)
                          : RecordOutcome::kPending;
    if (!stmt.IsNull(4)) outcome.entity_id = stmt.Text(4);
    outcomes.push_back(std::move(outcome));
  }
}

namespace {

Result<int64_t> ChangesPrunedThrough(Connection& db) {
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db.Prepare("SELECT value FROM store_meta WHERE name = 'changes_pruned_through'",
                            "read where the change feed starts"));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

// Whether the change at the statement's row is one a reader gets: a delete always; an
// upsert only while it is its golden record's latest change and that record lives.
bool Delivered(const Statement& row, const ChangeQuery& query) {
  if (query.entity_type && row.Text(4) != *query.entity_type) return false;
  if (row.Int(1) != 0) return true;
  return !row.IsNull(7) && row.Int(7) == row.Int(0) && row.Int(8) != 0;
}

}  // namespace

Status ChangeFeedOff() {
  return Status::NotFound("change-feed-off",
                          "the change feed is off on this server (retention.changesDays is 0)");
}

Result<ChangePage> SqliteStore::ReadChanges(const ChangeQuery& query) {
  if (!change_feed_) return ChangeFeedOff();
  auto db = readers_.Acquire();
  // One read transaction: each change and the golden record it names from one commit.
  INLET_RETURN_IF_ERROR(db->Exec("BEGIN", "begin change feed read"));
  auto read = [&]() -> Result<ChangePage> {
    INLET_ASSIGN_OR_RETURN(auto pruned_through, ChangesPrunedThrough(*db));
    if (query.after_seq && *query.after_seq < pruned_through) {
      return Status(StatusCode::kGone, "cursor-expired",
                    "the changes after this cursor are past retention and gone; read the "
                    "golden records again (export) and follow the feed from its start");
    }
    INLET_ASSIGN_OR_RETURN(
        auto stmt,
        db->Prepare("SELECT c.seq, c.op, c.golden_key, c.golden_id, c.entity_type, "
                    "c.merged_into, c.at, g.change_seq, g.merged_into IS NULL "
                    "FROM golden_changes c LEFT JOIN golden_records g ON g.key = c.golden_key "
                    "WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2",
                    "read changes"));
    stmt.Bind(1, query.after_seq.value_or(0)).Bind(2, int64_t{query.max_examined});
    static const std::string kOne = std::string(kGoldenColumns) + "WHERE key = ?1";
    ChangePage page;
    page.next_seq = query.after_seq.value_or(0);
    uint64_t bytes = 0;
    int examined = 0;
    for (;;) {
      if (static_cast<int>(page.items.size()) >= query.limit ||
          (query.max_bytes > 0 && bytes >= query.max_bytes)) {
        page.more = true;
        break;
      }
      INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
      if (!row) {
        page.more = examined == query.max_examined;
        break;
      }
      ++examined;
      page.next_seq = stmt.Int(0);
      if (!Delivered(stmt, query)) continue;
      GoldenChange change;
      change.seq = stmt.Int(0);
      change.op = stmt.Int(1) != 0 ? ChangeOp::kDelete : ChangeOp::kUpsert;
      change.entity_id = stmt.Text(3);
      change.entity_type = stmt.Text(4);
      if (!stmt.IsNull(5)) change.merged_into = stmt.Text(5);
      change.at_ms = stmt.Int(6);
      if (change.op == ChangeOp::kUpsert) {
        INLET_ASSIGN_OR_RETURN(auto one, db->Prepare(kOne, "read a changed golden record"));
        one.Bind(1, stmt.Int(2));
        INLET_ASSIGN_OR_RETURN(auto found, one.Step());
        if (!found) continue;  // cannot happen inside this read transaction
        GoldenRecord golden = ReadGolden(one);
        INLET_RETURN_IF_ERROR(ReadMergedFrom(*db, golden));
        INLET_RETURN_IF_ERROR(ReadCodesAndParts(*db, golden, query.named_parts));
        bytes += AnswerBytes(golden);
        change.entity = std::move(golden);
      }
      page.items.push_back(std::move(change));
    }
    return page;
  };
  auto result = read();
  (void)db->Exec("COMMIT", "end change feed read");
  return result;
}

Result<int64_t> SqliteStore::LatestChangeSeq() {
  auto db = readers_.Acquire();
  return ChangeFeedEnd(*db);
}

}  // namespace inlet::store
