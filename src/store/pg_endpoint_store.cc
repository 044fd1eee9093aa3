#include "store/pg_endpoint_store.h"

#include "store/endpoint_rules.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

// `lock` appends FOR UPDATE OF e: a writer reads the row it is about to change, so that
// another node's change waits for this one instead of being overwritten by it.
Result<Endpoint> ReadEndpoint(PgConnection& db, const std::string& endpoint_id, bool lock = false) {
  INLET_ASSIGN_OR_RETURN(PgResult rows, db.Query(std::string(kEndpointColumns) + "WHERE e.id = $1" +
                                                     (lock ? " FOR UPDATE OF e" : ""),
                                                 {endpoint_id}, "read endpoint"));
  if (rows.Rows() == 0) {
    return Status::NotFound("endpoint-not-found", "no endpoint has the id " + endpoint_id);
  }
  return EndpointFromRow(PgRow(rows, 0));
}

Status NameTaken(const std::string& name) {
  return Status::Conflict("endpoint-name-taken",
                          "the source already has an endpoint named \"" + name + "\"");
}

// The id of the row named by `params`, inserted when missing. ON CONFLICT DO NOTHING makes
// a node that loses the race to insert read the winner's row instead of failing.
Result<int64_t> FindOrInsert(PgConnection& db, const std::string& insert, const std::string& find,
                             const std::vector<PgParam>& insert_params,
                             const std::vector<PgParam>& find_params, const char* operation) {
  INLET_RETURN_IF_ERROR(db.Run(insert + " ON CONFLICT DO NOTHING", insert_params, operation));
  INLET_ASSIGN_OR_RETURN(PgResult found, db.Query(find, find_params, operation));
  if (found.Rows() == 0) return Status::Internal(std::string(operation) + ": row not found");
  return found.Int(0, 0);
}

Result<Endpoint> CreateIn(PgConnection& db, const NewEndpoint& endpoint) {
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(db, "create endpoint"));
  INLET_ASSIGN_OR_RETURN(
      const int64_t group_id,
      FindOrInsert(db, "INSERT INTO groups (name, created_at) VALUES ($1, $2)",
                   "SELECT id FROM groups WHERE name = $1", {endpoint.group_name, endpoint.now_ms},
                   {endpoint.group_name}, "create group"));
  INLET_ASSIGN_OR_RETURN(
      const int64_t source_id,
      FindOrInsert(db, "INSERT INTO sources (group_id, name, created_at) VALUES ($1, $2, $3)",
                   "SELECT id FROM sources WHERE group_id = $1 AND name = $2",
                   {group_id, endpoint.source_name, endpoint.now_ms},
                   {group_id, endpoint.source_name}, "create source"));
  INLET_ASSIGN_OR_RETURN(PgResult taken,
                         db.Query("SELECT 1 FROM endpoints WHERE source_id = $1 AND name = $2",
                                  {source_id, endpoint.name}, "check endpoint name"));
  if (taken.Rows() > 0) return NameTaken(endpoint.name);
  INLET_RETURN_IF_ERROR(
      db.Run("INSERT INTO endpoints (id, name, source_id, mode, status, mapping, created_at, "
             "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
             {endpoint.id, endpoint.name, source_id, ToString(endpoint.mode),
              ToString(EndpointStatus::kNoDataSent), endpoint.mapping_json, endpoint.now_ms},
             "create endpoint"));
  INLET_ASSIGN_OR_RETURN(auto created, ReadEndpoint(db, endpoint.id));
  INLET_RETURN_IF_ERROR(tx.Commit());
  return created;
}

}  // namespace

Result<Endpoint> PgEndpointStore::CreateEndpoint(const NewEndpoint& endpoint) {
  INLET_RETURN_IF_ERROR(CheckName(endpoint.name, "endpoint"));
  INLET_RETURN_IF_ERROR(CheckName(endpoint.source_name, "source"));
  INLET_RETURN_IF_ERROR(CheckName(endpoint.group_name, "group"));
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  Result<Endpoint> created = CreateIn(*db, endpoint);
  // Another node may have taken the name between the check and the insert: the unique
  // constraint refused it, which is the same answer.
  if (!created.ok() && created.status().message_id() == "already-exists") {
    INLET_ASSIGN_OR_RETURN(
        PgResult taken, db->Query("SELECT 1 FROM endpoints e JOIN sources s ON s.id = e.source_id "
                                  "JOIN groups g ON g.id = s.group_id "
                                  "WHERE g.name = $1 AND s.name = $2 AND e.name = $3",
                                  {endpoint.group_name, endpoint.source_name, endpoint.name},
                                  "check endpoint name"));
    if (taken.Rows() > 0) return NameTaken(endpoint.name);
  }
  return created;
}

Result<Endpoint> PgEndpointStore::GetEndpoint(const std::string& endpoint_id) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  return ReadEndpoint(*db, endpoint_id);
}

Result<std::vector<Endpoint>> PgEndpointStore::ListEndpoints(int64_t after_key, int limit) {
  std::vector<Endpoint> endpoints;
  if (limit <= 0) return endpoints;
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(std::string(kEndpointColumns) +
                                                      "WHERE e.key > $1 ORDER BY e.key LIMIT $2",
                                                  {after_key, int64_t{limit}}, "list endpoints"));
  for (int row = 0; row < rows.Rows(); ++row) {
    INLET_ASSIGN_OR_RETURN(auto endpoint, EndpointFromRow(PgRow(rows, row)));
    endpoints.push_back(std::move(endpoint));
  }
  return endpoints;
}

Result<Endpoint> PgEndpointStore::UpdateEndpoint(const std::string& endpoint_id,
                                                 const EndpointChanges& changes) {
  if (changes.name) INLET_RETURN_IF_ERROR(CheckName(*changes.name, "endpoint"));
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "update endpoint"));
  INLET_ASSIGN_OR_RETURN(auto current, ReadEndpoint(*db, endpoint_id, /*lock=*/true));
  if (changes.name) {
    INLET_ASSIGN_OR_RETURN(
        PgResult taken,
        db->Query("SELECT 1 FROM endpoints WHERE source_id = $1 AND name = $2 AND key <> $3",
                  {current.source_id, *changes.name, current.key}, "check endpoint name"));
    if (taken.Rows() > 0) return NameTaken(*changes.name);
  }
  // A NULL parameter leaves its column as it is, so one statement serves every subset.
  // Another mapping makes every clue new, so automatic processing walks every record
  // again (the watermark goes back to the start).
  Status updated = db->Run(
      "UPDATE endpoints SET name = coalesce($2, name), mode = coalesce($3, mode), "
      "processed_through_seq = CASE WHEN $5::text IS NOT NULL AND $5::text <> mapping THEN 0 "
      "ELSE processed_through_seq END, "
      "mapping = coalesce($5::text, mapping), updated_at = $4 WHERE key = $1",
      {current.key, changes.name ? PgParam(*changes.name) : PgParam::Null(),
       changes.mode ? PgParam(ToString(*changes.mode)) : PgParam::Null(), changes.now_ms,
       changes.mapping_json ? PgParam(*changes.mapping_json) : PgParam::Null()},
      "update endpoint");
  if (updated.message_id() == "already-exists") return NameTaken(*changes.name);
  INLET_RETURN_IF_ERROR(updated);
  INLET_ASSIGN_OR_RETURN(auto result, ReadEndpoint(*db, endpoint_id));
  INLET_RETURN_IF_ERROR(tx.Commit());
  return result;
}

Status PgEndpointStore::DeleteEndpoint(const std::string& endpoint_id, bool force) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "delete endpoint"));
  INLET_ASSIGN_OR_RETURN(auto endpoint, ReadEndpoint(*db, endpoint_id, /*lock=*/true));
  if (endpoint.data_part_count > 0 && !force) {
    return ProcessedDataConflict(endpoint);
  }
  // The endpoint's rows in other tables go with it (ON DELETE CASCADE), but for its
  // records, which carry no foreign key (pg_schema.cc says why).
  INLET_RETURN_IF_ERROR(db->Run("DELETE FROM records WHERE endpoint_key = $1", {endpoint.key},
                                "delete endpoint records"));
  INLET_RETURN_IF_ERROR(
      db->Run("DELETE FROM endpoints WHERE key = $1", {endpoint.key}, "delete endpoint"));
  return tx.Commit();
}

Result<std::vector<Group>> PgEndpointStore::ListGroups() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgResult rows,
                         db->Query("SELECT g.id, g.name, g.created_at, "
                                   "(SELECT count(*) FROM sources s WHERE s.group_id = g.id) "
                                   "FROM groups g ORDER BY g.name",
                                   {}, "list groups"));
  std::vector<Group> groups;
  for (int row = 0; row < rows.Rows(); ++row) {
    groups.push_back(Group{.id = rows.Int(row, 0),
                           .name = rows.Text(row, 1),
                           .created_at_ms = rows.Int(row, 2),
                           .source_count = rows.Int(row, 3)});
  }
  return groups;
}

Result<std::vector<Source>> PgEndpointStore::ListSources() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT s.id, s.name, s.group_id, g.name, s.created_at, "
                "(SELECT count(*) FROM endpoints e WHERE e.source_id = s.id) "
                "FROM sources s JOIN groups g ON g.id = s.group_id ORDER BY g.name, s.name",
                {}, "list sources"));
  std::vector<Source> sources;
  for (int row = 0; row < rows.Rows(); ++row) {
    sources.push_back(Source{.id = rows.Int(row, 0),
                             .name = rows.Text(row, 1),
                             .group_id = rows.Int(row, 2),
                             .group_name = rows.Text(row, 3),
                             .created_at_ms = rows.Int(row, 4),
                             .endpoint_count = rows.Int(row, 5)});
  }
  return sources;
}

}  // namespace inlet::store
