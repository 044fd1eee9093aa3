// PgGoldenReads: golden records and the change feed, read as the SQLite store reads them
// (golden_queries.cc). Where SQLite issues a statement per golden record (codes, parts,
// counts), one statement here serves all the records of an answer: each statement is a
// round trip to the server.
//
// Text is ordered and compared with COLLATE "C" (bytewise, as SQLite's default), so that
// codes come in the same order whatever collation the database was made with.
#include "store/pg_golden_reads.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>

#include "inlet/common/utf8.h"
#include "store/pg_array.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

// SQLite takes a negative LIMIT as none; PostgreSQL refuses one but takes NULL as none.
PgParam LimitParam(int64_t limit) { return limit < 0 ? PgParam::Null() : PgParam(limit); }

// A transaction whose statements all read one snapshot (an answer from one commit), and
// never write.
Result<PgTransaction> BeginSnapshot(PgConnection& db, std::string_view operation) {
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(db, operation));
  INLET_RETURN_IF_ERROR(
      db.Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", {}, operation));
  return tx;
}

// The golden record's own columns, and how many codes and parts it has (0 and 0 unless
// `counts`: a pass over documents needs neither).
std::string GoldenSelect(bool counts) {
  return std::string(
             "SELECT g.key, g.id, g.entity_type, g.shadow, g.name, g.document, g.created_at, "
             "g.updated_at, ") +
         (counts ? "(SELECT count(*) FROM codes c WHERE c.golden_key = g.key), "
                   "(SELECT count(*) FROM data_parts p WHERE p.golden_key = g.key) "
                 : "0, 0 ");
}

GoldenRecord ReadGolden(const PgResult& rows, int row) {
  GoldenRecord golden;
  golden.key = rows.Int(row, 0);
  golden.id = rows.Text(row, 1);
  golden.entity_type = rows.Text(row, 2);
  golden.shadow = rows.Text(row, 3) == "t";
  golden.name = rows.Text(row, 4);
  golden.document = rows.Text(row, 5);
  golden.created_at_ms = rows.Int(row, 6);
  golden.updated_at_ms = rows.Int(row, 7);
  golden.code_count = rows.Int(row, 8);
  golden.part_count = rows.Int(row, 9);
  return golden;
}

GoldenPartRef ReadPartRef(const PgResult& rows, int row, int column) {
  return {rows.Text(row, column), rows.Text(row, column + 1), rows.Text(row, column + 2),
          rows.Int(row, column + 3)};
}

// A part's columns for ReadPartRef, from data_parts p.
constexpr char kPartRefs[] =
    "SELECT e.id, p.record_id, p.receipt_id, p.part_order FROM data_parts p "
    "JOIN endpoints e ON e.key = p.endpoint_key ";

using GoldenByKey = std::map<int64_t, GoldenRecord*>;

GoldenByKey ByKey(std::vector<GoldenRecord>& goldens) {
  GoldenByKey by_key;
  for (GoldenRecord& golden : goldens) by_key[golden.key] = &golden;
  return by_key;
}

// The ids merged into each golden record, oldest first.
Status ReadMergedFrom(PgConnection& db, const GoldenByKey& by_key) {
  std::vector<int64_t> keys;
  for (const auto& entry : by_key) keys.push_back(entry.first);
  INLET_ASSIGN_OR_RETURN(PgResult rows, db.Query("SELECT merged_into, id FROM golden_records "
                                                 "WHERE merged_into = ANY($1::bigint[]) "
                                                 "ORDER BY key",
                                                 {IntArray(keys)}, "read merged ids"));
  for (int row = 0; row < rows.Rows(); ++row) {
    by_key.at(rows.Int(row, 0))->merged_from.push_back(rows.Text(row, 1));
  }
  return Status::Ok();
}

using AddItem = std::function<void(GoldenRecord&, const PgResult&, int row)>;

// The first kGoldenItemsRead items of each golden record that has some (by `count`):
// `sql` reads rows of (key, item) for the keys $1, at most $2 of each; `add` keeps one.
Status ReadFirst(PgConnection& db, const GoldenByKey& by_key, int64_t GoldenRecord::*count,
                 const std::string& sql, std::string_view operation, const AddItem& add) {
  std::vector<int64_t> keys;
  for (const auto& [key, golden] : by_key) {
    if (golden->*count > 0) keys.push_back(key);
  }
  if (keys.empty()) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(PgResult rows,
                         db.Query(sql, {IntArray(keys), int64_t{kGoldenItemsRead}}, operation));
  for (int row = 0; row < rows.Rows(); ++row) add(*by_key.at(rows.Int(row, 0)), rows, row);
  return Status::Ok();
}

// The parts the documents name beyond the first ones read, found by numbering each
// golden record's parts in processing order. Most golden records have all their parts
// among the first: their documents need not be read for the parts they name.
Status ReadNamedParts(PgConnection& db, const GoldenByKey& by_key,
                      const PartIndexesOf& named_parts) {
  std::vector<int64_t> keys, indexes;
  for (const auto& [key, golden] : by_key) {
    const auto read = static_cast<int64_t>(golden->parts.size());
    if (golden->part_count <= read) continue;
    for (int64_t index : named_parts(golden->document)) {
      if (index < read || index >= golden->part_count) continue;
      keys.push_back(key);
      indexes.push_back(index);
    }
  }
  if (keys.empty()) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Query("SELECT w.key, w.place, e.id, n.record_id, n.receipt_id, n.part_order "
               "FROM unnest($1::bigint[], $2::bigint[]) AS w(key, place) "
               "JOIN (SELECT p.*, row_number() OVER (PARTITION BY p.golden_key "
               "ORDER BY p.part_order) - 1 AS place FROM data_parts p "
               "WHERE p.golden_key = ANY($1::bigint[])) n "
               "ON n.golden_key = w.key AND n.place = w.place "
               "JOIN endpoints e ON e.key = n.endpoint_key",
               {IntArray(keys), IntArray(indexes)}, "read named golden record parts"));
  for (int row = 0; row < rows.Rows(); ++row) {
    by_key.at(rows.Int(row, 0))->named_parts.emplace(rows.Int(row, 1), ReadPartRef(rows, row, 2));
  }
  return Status::Ok();
}

// The first codes and parts of the golden records (read with their counts), and the
// parts their documents name.
Status ReadItems(PgConnection& db, const GoldenByKey& by_key, const PartIndexesOf& named_parts) {
  INLET_RETURN_IF_ERROR(ReadFirst(
      db, by_key, &GoldenRecord::code_count,
      "SELECT k.key, c.code FROM unnest($1::bigint[]) AS k(key) CROSS JOIN LATERAL "
      "(SELECT code FROM codes WHERE golden_key = k.key ORDER BY code COLLATE \"C\" LIMIT $2) c "
      "ORDER BY k.key, c.code COLLATE \"C\"",
      "read golden record codes", [](GoldenRecord& golden, const PgResult& rows, int row) {
        golden.codes.push_back(rows.Text(row, 1));
      }));
  INLET_RETURN_IF_ERROR(ReadFirst(
      db, by_key, &GoldenRecord::part_count,
      std::string("SELECT k.key, r.* FROM unnest($1::bigint[]) AS k(key) CROSS JOIN LATERAL (") +
          kPartRefs + "WHERE p.golden_key = k.key ORDER BY p.part_order LIMIT $2) r " +
          "ORDER BY k.key, r.part_order",
      "read golden record parts", [](GoldenRecord& golden, const PgResult& rows, int row) {
        golden.parts.push_back(ReadPartRef(rows, row, 1));
      }));
  return named_parts ? ReadNamedParts(db, by_key, named_parts) : Status::Ok();
}

// Golden records as GetGoldenRecord answers them, the ones `where` selects.
Result<std::vector<GoldenRecord>> ReadWhole(PgConnection& db, const std::string& where,
                                            const std::vector<PgParam>& params,
                                            const PartIndexesOf& named_parts,
                                            std::string_view operation) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Query(GoldenSelect(true) + "FROM golden_records g WHERE " + where, params, operation));
  std::vector<GoldenRecord> goldens;
  for (int row = 0; row < rows.Rows(); ++row) goldens.push_back(ReadGolden(rows, row));
  if (goldens.empty()) return goldens;
  const GoldenByKey by_key = ByKey(goldens);
  INLET_RETURN_IF_ERROR(ReadMergedFrom(db, by_key));
  INLET_RETURN_IF_ERROR(ReadItems(db, by_key, named_parts));
  return goldens;
}

// About what a golden record adds to a list answer: its document, codes and parts (a
// part is an endpoint id and a record id, about 100 bytes in JSON).
uint64_t AnswerBytes(const GoldenRecord& golden) {
  constexpr uint64_t kPartBytes = 100;
  uint64_t bytes = golden.document.size() + golden.parts.size() * kPartBytes;
  for (const auto& code : golden.codes) bytes += code.size() + 3;
  return bytes;
}

// The list statement with a term for each filter `query` has, and none for the others, as
// SQLite's (golden_queries.cc says why). With a byte bound, the records after the one
// whose document alone reaches it cannot be in the answer: they are left out here, so
// their documents are never sent.
std::string ListSql(const GoldenQuery& query, std::vector<PgParam>& params) {
  auto param = [&params](PgParam value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string sql = "SELECT g.* FROM golden_records g WHERE g.merged_into IS NULL AND g.key > " +
                    param(query.after_key.value_or(0)) + " ";
  if (query.code) {
    sql += "AND g.key = (SELECT golden_key FROM codes WHERE code = " + param(*query.code) + ") ";
  }
  if (query.entity_type) sql += "AND g.entity_type = " + param(*query.entity_type) + " ";
  if (query.endpoint_key) {
    sql +=
        "AND EXISTS (SELECT 1 FROM data_parts p WHERE p.golden_key = g.key "
        "AND p.endpoint_key = " +
        param(*query.endpoint_key) + ") ";
  }
  if (query.records) {
    sql += "AND g.key IN (SELECT golden_key FROM data_parts WHERE endpoint_key = " +
           param(query.records->endpoint_key) + " AND record_seq BETWEEN " +
           param(query.records->first_seq) + " AND " + param(query.records->last_seq) + ") ";
  }
  if (query.text) {
    const std::string like = " ILIKE " + param(ContainsPattern(*query.text)) + " ESCAPE '\\'";
    sql += "AND (g.name" + like + " OR g.search_text" + like +
           " OR EXISTS (SELECT 1 FROM codes c WHERE c.golden_key = g.key AND c.code" + like + ")) ";
  }
  sql += "ORDER BY g.key LIMIT " + param(LimitParam(query.limit));
  if (query.max_bytes > 0) {
    sql =
        "SELECT * FROM (SELECT l.*, sum(octet_length(l.document)) OVER (ORDER BY l.key "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS bytes_before FROM (" +
        sql + ") l) w WHERE coalesce(w.bytes_before, 0) < " +
        param(static_cast<int64_t>(std::min<uint64_t>(query.max_bytes, INT64_MAX)));
  }
  return GoldenSelect(query.codes_and_parts) + "FROM (" + sql + ") g ORDER BY g.key";
}

// Keeps the items up to the one with which their bytes reach `max_bytes` (0: all).
template <typename T, typename BytesOf>
void KeepWithin(std::vector<T>& items, uint64_t max_bytes, BytesOf bytes_of) {
  if (max_bytes == 0) return;
  uint64_t bytes = 0;
  size_t kept = 0;
  while (kept < items.size() && bytes < max_bytes) bytes += bytes_of(items[kept++]);
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(kept), items.end());
}

// A change a reader gets, with what its golden record's row said of it.
struct DeliveredChange {
  GoldenChange change;
  int64_t golden_key = 0;
  uint64_t document_bytes = 0;  // an upsert's; 0 for a delete
};

// Up to `limit` of the changes among the first `max_examined` after `after_seq` that a
// reader gets: a delete always; an upsert only while it is its golden record's latest
// change and that record lives. The golden record is looked up change by change (a
// LATERAL ... LIMIT 1 the planner cannot make a hash join over all of them), so the
// statement stops reading the feed once it has its changes.
Result<std::vector<DeliveredChange>> ReadDelivered(PgConnection& db, const ChangeQuery& query) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Query("SELECT c.seq, c.op, c.golden_key, c.golden_id, c.entity_type, c.merged_into, "
               "c.at, g.bytes FROM (SELECT * FROM golden_changes WHERE seq > $1 ORDER BY seq "
               "LIMIT $2) c LEFT JOIN LATERAL (SELECT change_seq, merged_into, "
               "octet_length(document) AS bytes FROM golden_records WHERE key = c.golden_key "
               "LIMIT 1) g ON true WHERE (c.op <> 0 OR (g.change_seq = c.seq AND "
               "g.merged_into IS NULL)) AND ($3::text IS NULL OR c.entity_type = $3) "
               "ORDER BY c.seq LIMIT $4",
               {query.after_seq.value_or(0), LimitParam(query.max_examined),
                query.entity_type ? PgParam(*query.entity_type) : PgParam::Null(),
                int64_t{std::max(query.limit, 0)}},
               "read changes"));
  std::vector<DeliveredChange> delivered;
  for (int row = 0; row < rows.Rows(); ++row) {
    DeliveredChange item;
    item.change.seq = rows.Int(row, 0);
    item.change.op = rows.Int(row, 1) != 0 ? ChangeOp::kDelete : ChangeOp::kUpsert;
    item.golden_key = rows.Int(row, 2);
    item.change.entity_id = rows.Text(row, 3);
    item.change.entity_type = rows.Text(row, 4);
    item.change.merged_into = rows.Text(row, 5);  // "" when NULL
    item.change.at_ms = rows.Int(row, 6);
    if (item.change.op == ChangeOp::kUpsert) item.document_bytes = rows.Int(row, 7);
    delivered.push_back(std::move(item));
  }
  return delivered;
}

// The golden records of the upserts among `delivered`.
Result<std::vector<GoldenRecord>> ReadUpserted(PgConnection& db,
                                               const std::vector<DeliveredChange>& delivered,
                                               const PartIndexesOf& named_parts) {
  std::vector<int64_t> keys;
  for (const auto& item : delivered) {
    if (item.change.op == ChangeOp::kUpsert) keys.push_back(item.golden_key);
  }
  if (keys.empty()) return std::vector<GoldenRecord>();
  return ReadWhole(db, "g.key = ANY($1::bigint[])", {IntArray(keys)}, named_parts,
                   "read changed golden records");
}

// Where a page that took every change it was given goes on: after the last change
// looked at (of at most max_examined), and whether it stopped before the end.
Status SetPageEnd(PgConnection& db, const ChangeQuery& query, ChangePage& page) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Query("SELECT count(*), max(seq) FROM (SELECT seq FROM golden_changes WHERE seq > $1 "
               "ORDER BY seq LIMIT $2) examined",
               {query.after_seq.value_or(0), LimitParam(query.max_examined)}, "read changes"));
  const int64_t examined = rows.Int(0, 0);
  if (examined > 0) page.next_seq = rows.Int(0, 1);
  page.more = examined == query.max_examined;
  return Status::Ok();
}

}  // namespace

Result<std::optional<GoldenRecord>> PgGoldenReads::GetGoldenRecord(
    const std::string& id, const PartIndexesOf& named_parts) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, BeginSnapshot(*db, "read golden record"));
  INLET_ASSIGN_OR_RETURN(
      auto goldens,
      ReadWhole(*db,
                "g.key = (SELECT COALESCE(merged_into, key) FROM golden_records WHERE id = $1)",
                {id}, named_parts, "read golden record"));
  INLET_RETURN_IF_ERROR(tx.Commit());
  if (goldens.empty()) return std::optional<GoldenRecord>();
  return std::optional<GoldenRecord>(std::move(goldens.front()));
}

// GoldenParts and GoldenCodes read the live key and the page in one statement (so from
// one snapshot): no row when no golden record has the id, one row of NULLs when the page
// is empty.
Result<std::optional<std::vector<GoldenPartRef>>> PgGoldenReads::GoldenParts(
    const std::string& id, std::optional<int64_t> after, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  static const std::string kSql =
      std::string(
          "SELECT r.* FROM (SELECT COALESCE(merged_into, key) AS key FROM golden_records "
          "WHERE id = $1) k LEFT JOIN LATERAL (") +
      kPartRefs +
      "WHERE p.golden_key = k.key AND p.part_order > $2 ORDER BY p.part_order LIMIT $3) r "
      "ON true ORDER BY r.part_order";
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(kSql, {id, after.value_or(0), LimitParam(limit)},
                                                  "read golden record parts"));
  if (rows.Rows() == 0) return std::optional<std::vector<GoldenPartRef>>();
  std::vector<GoldenPartRef> parts;
  for (int row = 0; row < rows.Rows() && !rows.IsNull(row, 0); ++row) {
    parts.push_back(ReadPartRef(rows, row, 0));
  }
  return std::optional(std::move(parts));
}

Result<std::optional<std::vector<std::string>>> PgGoldenReads::GoldenCodes(
    const std::string& id, const std::optional<std::string>& after, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT c.code FROM (SELECT COALESCE(merged_into, key) AS key FROM golden_records "
                "WHERE id = $1) k LEFT JOIN LATERAL (SELECT code FROM codes "
                "WHERE golden_key = k.key AND ($2::text IS NULL OR code COLLATE \"C\" > $2) "
                "ORDER BY code COLLATE \"C\" LIMIT $3) c ON true ORDER BY c.code COLLATE \"C\"",
                {id, after ? PgParam(*after) : PgParam::Null(), LimitParam(limit)},
                "read golden record codes"));
  if (rows.Rows() == 0) return std::optional<std::vector<std::string>>();
  std::vector<std::string> codes;
  for (int row = 0; row < rows.Rows() && !rows.IsNull(row, 0); ++row) {
    codes.push_back(rows.Text(row, 0));
  }
  return std::optional(std::move(codes));
}

Result<std::vector<GoldenRecord>> PgGoldenReads::ListGoldenRecords(const GoldenQuery& query) {
  // Stored text is clean UTF-8, so text that is not (which PostgreSQL refuses as a
  // parameter) is in no golden record.
  if (query.text && !IsCleanUtf8(*query.text)) return std::vector<GoldenRecord>();
  std::vector<PgParam> params;
  const std::string sql = ListSql(query, params);
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // One snapshot: each record's codes and parts from the commit it was read in.
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, BeginSnapshot(*db, "list golden records"));
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(sql, params, "list golden records"));
  std::vector<GoldenRecord> records;
  for (int row = 0; row < rows.Rows(); ++row) {
    records.push_back(ReadGolden(rows, row));
  }
  if (query.codes_and_parts) {
    INLET_RETURN_IF_ERROR(ReadItems(*db, ByKey(records), query.named_parts));
  }
  INLET_RETURN_IF_ERROR(tx.Commit());
  KeepWithin(records, query.max_bytes, AnswerBytes);
  return records;
}

Result<ChangePage> PgGoldenReads::ReadChanges(const ChangeQuery& query) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // One snapshot: each change and the golden record it names from one commit.
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, BeginSnapshot(*db, "read changes"));
  INLET_ASSIGN_OR_RETURN(
      PgResult pruned,
      db->Query("SELECT value FROM store_meta WHERE name = 'changes_pruned_through'", {},
                "read where the change feed starts"));
  if (query.after_seq && pruned.Rows() > 0 && *query.after_seq < pruned.Int(0, 0)) {
    return Status(StatusCode::kGone, "cursor-expired",
                  "the changes after this cursor are past retention and gone; read the "
                  "golden records again (export) and follow the feed from its start");
  }
  INLET_ASSIGN_OR_RETURN(auto delivered, ReadDelivered(*db, query));
  // The page ends at the latest with the change whose documents alone reach the byte
  // bound (codes and parts only add to it): the golden records after it are not read.
  KeepWithin(delivered, query.max_bytes,
             [](const DeliveredChange& item) { return item.document_bytes; });
  INLET_ASSIGN_OR_RETURN(auto goldens, ReadUpserted(*db, delivered, query.named_parts));
  const GoldenByKey upserted = ByKey(goldens);
  ChangePage page;
  page.next_seq = query.after_seq.value_or(0);
  uint64_t bytes = 0;
  auto full = [&] {
    return static_cast<int>(page.items.size()) >= query.limit ||
           (query.max_bytes > 0 && bytes >= query.max_bytes);
  };
  for (DeliveredChange& item : delivered) {
    if (full()) break;
    page.next_seq = item.change.seq;
    if (item.change.op == ChangeOp::kUpsert) {
      auto golden = upserted.find(item.golden_key);
      if (golden == upserted.end()) continue;  // cannot happen inside this snapshot
      bytes += AnswerBytes(*golden->second);
      item.change.entity = std::move(*golden->second);
    }
    page.items.push_back(std::move(item.change));
  }
  // A full page ends at its last change, as SQLite's stops before looking at the next.
  if (full()) {
    page.more = true;
  } else {
    INLET_RETURN_IF_ERROR(SetPageEnd(*db, query, page));
  }
  INLET_RETURN_IF_ERROR(tx.Commit());
  return page;
}

}  // namespace inlet::store
