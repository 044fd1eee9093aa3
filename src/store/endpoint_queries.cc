// Store methods for groups, sources and endpoints.
#include "store/endpoint_rules.h"
#include "store/row_readers.h"
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

// On whichever connection the caller holds: the writer reads its own uncommitted
// changes inside a transaction, a reader sees the latest commit.
Result<Endpoint> ReadEndpoint(Connection& db, const std::string& endpoint_id) {
  static const std::string kSql = std::string(kEndpointColumns) + "WHERE e.id = ?1";
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(kSql, "read endpoint"));
  stmt.Bind(1, endpoint_id);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) {
    return Status::NotFound("endpoint-not-found", "no endpoint has the id " + endpoint_id);
  }
  return EndpointFromRow(stmt);
}

// The id of the row `find` selects, or of the row `insert` creates when there is none.
// `bind` binds the parameters both statements share and returns the next index, where
// `insert` takes now_ms. Only called inside a write transaction, so no one else can
// insert between the two.
template <typename BindFn>
Result<int64_t> FindOrInsert(Connection& db, const char* find, const char* insert,
                             const char* operation, int64_t now_ms, BindFn bind) {
  {
    INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(find, operation));
    bind(stmt);
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (row) return stmt.Int(0);
  }
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(insert, operation));
  int next = bind(stmt);
  INLET_RETURN_IF_ERROR(stmt.Bind(next, now_ms).Run());
  return db.LastInsertRowid();
}

// kConflict when another endpoint of the source already has the name. Endpoint names
// are unique per source so that "CRM / Customers" names one endpoint.
Status CheckNameFree(Connection& db, int64_t source_id, const std::string& name,
                     int64_t except_key) {
  static constexpr char kSql[] =
      "SELECT 1 FROM endpoints WHERE source_id = ?1 AND name = ?2 AND key <> ?3";
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(kSql, "check endpoint name"));
  INLET_ASSIGN_OR_RETURN(auto row,
                         stmt.Bind(1, source_id).Bind(2, name).Bind(3, except_key).Step());
  if (!row) return Status::Ok();
  return Status::Conflict("endpoint-name-taken",
                          "the source already has an endpoint named \"" + name + "\"");
}

}  // namespace

Result<Endpoint> SqliteStore::CreateEndpoint(const NewEndpoint& endpoint) {
  INLET_RETURN_IF_ERROR(CheckName(endpoint.name, "endpoint"));
  INLET_RETURN_IF_ERROR(CheckName(endpoint.source_name, "source"));
  INLET_RETURN_IF_ERROR(CheckName(endpoint.group_name, "group"));

  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("create endpoint"));
  INLET_ASSIGN_OR_RETURN(const int64_t group_id,
                         FindOrInsert(*writer_, "SELECT id FROM groups WHERE name = ?1",
                                      "INSERT INTO groups (name, created_at) VALUES (?1, ?2)",
                                      "create group", endpoint.now_ms, [&](Statement& stmt) {
                                        stmt.Bind(1, endpoint.group_name);
                                        return 2;
                                      }));
  INLET_ASSIGN_OR_RETURN(
      const int64_t source_id,
      FindOrInsert(*writer_, "SELECT id FROM sources WHERE group_id = ?1 AND name = ?2",
                   "INSERT INTO sources (group_id, name, created_at) VALUES (?1, ?2, ?3)",
                   "create source", endpoint.now_ms, [&](Statement& stmt) {
                     stmt.Bind(1, group_id).Bind(2, endpoint.source_name);
                     return 3;
                   }));
  INLET_RETURN_IF_ERROR(CheckNameFree(*writer_, source_id, endpoint.name, /*except_key=*/0));
  {
    static constexpr char kSql[] =
        "INSERT INTO endpoints (id, name, source_id, mode, status, mapping, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(kSql, "create endpoint"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, endpoint.id)
                              .Bind(2, endpoint.name)
                              .Bind(3, source_id)
                              .Bind(4, ToString(endpoint.mode))
                              .Bind(5, ToString(EndpointStatus::kNoDataSent))
                              .Bind(6, endpoint.mapping_json)
                              .Bind(7, endpoint.now_ms)
                              .Run());
  }
  INLET_ASSIGN_OR_RETURN(auto created, ReadEndpoint(*writer_, endpoint.id));
  INLET_RETURN_IF_ERROR(tx.Commit("create endpoint"));
  return created;
}

Result<Endpoint> SqliteStore::GetEndpoint(const std::string& endpoint_id) {
  std::lock_guard lock(admission_mutex_);
  return ReadEndpoint(*admission_, endpoint_id);
}

Result<std::vector<Endpoint>> SqliteStore::ListEndpoints(int64_t after_key, int limit) {
  static const std::string kSql =
      std::string(kEndpointColumns) + "WHERE e.key > ?1 ORDER BY e.key LIMIT ?2";
  std::vector<Endpoint> endpoints;
  if (limit <= 0) return endpoints;  // SQLite reads a negative LIMIT as "no limit"
  auto reader = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, reader->Prepare(kSql, "list endpoints"));
  stmt.Bind(1, after_key).Bind(2, int64_t{limit});
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return endpoints;
    INLET_ASSIGN_OR_RETURN(auto endpoint, EndpointFromRow(stmt));
    endpoints.push_back(std::move(endpoint));
  }
}

Result<Endpoint> SqliteStore::UpdateEndpoint(const std::string& endpoint_id,
                                             const EndpointChanges& changes) {
  if (changes.name) INLET_RETURN_IF_ERROR(CheckName(*changes.name, "endpoint"));

  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("update endpoint"));
  INLET_ASSIGN_OR_RETURN(auto current, ReadEndpoint(*writer_, endpoint_id));
  if (changes.name) {
    INLET_RETURN_IF_ERROR(CheckNameFree(*writer_, current.source_id, *changes.name, current.key));
  }
  {
    // A NULL parameter leaves its column as it is, so one statement serves every subset.
    // Another mapping makes every clue new, so automatic processing walks every record
    // again (the watermark goes back to the start).
    static constexpr char kSql[] =
        "UPDATE endpoints SET name = coalesce(?2, name), mode = coalesce(?3, mode), "
        "processed_through_seq = CASE WHEN ?5 IS NOT NULL AND ?5 <> mapping THEN 0 "
        "ELSE processed_through_seq END, "
        "mapping = coalesce(?5, mapping), updated_at = ?4 WHERE key = ?1";
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(kSql, "update endpoint"));
    stmt.Bind(1, current.key).Bind(4, changes.now_ms);
    if (changes.name) stmt.Bind(2, *changes.name);
    if (changes.mode) stmt.Bind(3, ToString(*changes.mode));
    if (changes.mapping_json) stmt.Bind(5, *changes.mapping_json);
    INLET_RETURN_IF_ERROR(stmt.Run());
  }
  INLET_ASSIGN_OR_RETURN(auto updated, ReadEndpoint(*writer_, endpoint_id));
  INLET_RETURN_IF_ERROR(tx.Commit("update endpoint"));
  return updated;
}

Status SqliteStore::DeleteEndpoint(const std::string& endpoint_id, bool force) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("delete endpoint"));
  INLET_ASSIGN_OR_RETURN(auto endpoint, ReadEndpoint(*writer_, endpoint_id));
  if (endpoint.data_part_count > 0 && !force) {
    return ProcessedDataConflict(endpoint);
  }
  // With force, the caller has taken the parts out of their golden records through the
  // processing engine first; whatever is left (a part committed in between) goes here.
  static constexpr const char* kDeletes[] = {
      "DELETE FROM data_parts WHERE endpoint_key = ?1",
      "DELETE FROM part_edges WHERE endpoint_key = ?1",
      "DELETE FROM kept_apart_parts WHERE endpoint_key = ?1",
      "DELETE FROM record_outcomes WHERE endpoint_key = ?1",
      "DELETE FROM jobs WHERE endpoint_key = ?1",
      "DELETE FROM records WHERE endpoint_key = ?1",
      "DELETE FROM receipts WHERE endpoint_key = ?1",
      "DELETE FROM logs WHERE endpoint_key = ?1",
      "DELETE FROM idempotency_keys WHERE endpoint_key = ?1",
      "DELETE FROM field_profiles WHERE endpoint_key = ?1",
      "DELETE FROM endpoints WHERE key = ?1",
  };
  INLET_RETURN_IF_ERROR(DeleteRulesNaming(*writer_, endpoint.key));
  for (const char* sql : kDeletes) {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(sql, "delete endpoint"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, endpoint.key).Run());
  }
  return tx.Commit("delete endpoint");
}

Result<std::vector<Group>> SqliteStore::ListGroups() {
  static constexpr char kSql[] =
      "SELECT g.id, g.name, g.created_at, "
      "(SELECT count(*) FROM sources s WHERE s.group_id = g.id) "
      "FROM groups g ORDER BY g.name";
  auto reader = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, reader->Prepare(kSql, "list groups"));
  std::vector<Group> groups;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return groups;
    groups.push_back(Group{.id = stmt.Int(0),
                           .name = stmt.Text(1),
                           .created_at_ms = stmt.Int(2),
                           .source_count = stmt.Int(3)});
  }
}

Result<std::vector<Source>> SqliteStore::ListSources() {
  static constexpr char kSql[] =
      "SELECT s.id, s.name, s.group_id, g.name, s.created_at, "
      "(SELECT count(*) FROM endpoints e WHERE e.source_id = s.id) "
      "FROM sources s JOIN groups g ON g.id = s.group_id ORDER BY g.name, s.name";
  auto reader = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, reader->Prepare(kSql, "list sources"));
  std::vector<Source> sources;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return sources;
    sources.push_back(Source{.id = stmt.Int(0),
                             .name = stmt.Text(1),
                             .group_id = stmt.Int(2),
                             .group_name = stmt.Text(3),
                             .created_at_ms = stmt.Int(4),
                             .endpoint_count = stmt.Int(5)});
  }
}

}  // namespace inlet::store
