// PgStore methods for processing jobs. A job's progress is saved by the engine inside
// each slice it commits (GoldenWriter::SaveJob); these are the rest of its life.
#include "store/pg_job_leases.h"
#include "store/pg_store.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

Result<std::optional<Job>> ReadActiveJob(PgConnection& db, int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(PgResult rows, db.Query(std::string(kJobColumns) +
                                                     "WHERE j.endpoint_key = $1 AND j.state IN "
                                                     "('queued', 'running') ORDER BY j.seq LIMIT 1",
                                                 {endpoint_key}, "find active job"));
  if (rows.Rows() == 0) return std::optional<Job>();
  return std::optional<Job>(JobFromRow(PgRow(rows, 0)));
}

}  // namespace

Status PgStore::InsertJob(const Job& job) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // The unique index on an endpoint's active job decides between nodes starting one at
  // once; the loser names the winner's job.
  Status inserted = db->Run(
      "INSERT INTO jobs (id, endpoint_key, kind, trigger, receipt_id, state, total, created_at, "
      "node, lease_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, " INLET_PG_NOW_MS " + $10)",
      {job.id, job.endpoint_key, ToString(job.kind), ToString(job.trigger),
       job.receipt_id ? PgParam(*job.receipt_id) : PgParam::Null(), ToString(job.state), job.total,
       job.created_at_ms, leases_.node(), leases_.lease_ms()},
      "store job");
  if (inserted.message_id() != "already-exists") return inserted;
  INLET_ASSIGN_OR_RETURN(auto active, ReadActiveJob(*db, job.endpoint_key));
  if (active) return JobRunningConflict(*active);
  return inserted;
}

Result<Job> PgStore::GetJob(const std::string& job_id) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows, db->Query(std::string(kJobColumns) + "WHERE j.id = $1", {job_id}, "read job"));
  if (rows.Rows() == 0) return Status::NotFound("job-not-found", "no job has the id " + job_id);
  return JobFromRow(PgRow(rows, 0));
}

Result<std::optional<Job>> PgStore::ActiveJob(int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  return ReadActiveJob(*db, endpoint_key);
}

Result<std::vector<Job>> PgStore::ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                           int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query(std::string(kJobColumns) +
                    "WHERE j.endpoint_key = $1 AND j.seq < $2 ORDER BY j.seq DESC LIMIT $3",
                {endpoint_key, before_seq.value_or(INT64_MAX), static_cast<int64_t>(limit)},
                "list jobs"));
  std::vector<Job> jobs;
  for (int i = 0; i < rows.Rows(); ++i) jobs.push_back(JobFromRow(PgRow(rows, i)));
  return jobs;
}

Result<int64_t> PgStore::FailInterruptedJobs(int64_t now_ms, const std::string& message) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "fail interrupted jobs"));
  // A job whose lease still runs belongs to a live node.
  INLET_ASSIGN_OR_RETURN(
      PgResult failed, db->Query("UPDATE jobs SET state = 'failed', message = $2, finished_at = $1 "
                                 "WHERE state IN ('queued', 'running') AND (lease_until IS NULL OR "
                                 "lease_until < " INLET_PG_NOW_MS ") "
                                 "RETURNING endpoint_key",
                                 {now_ms, message}, "fail interrupted jobs"));
  // Their endpoints read "processing" no longer.
  INLET_RETURN_IF_ERROR(
      db->Run("UPDATE endpoints SET status = 'not-processed' WHERE status = 'processing' AND "
              "NOT EXISTS (SELECT 1 FROM jobs j WHERE j.endpoint_key = endpoints.key AND "
              "j.state IN ('queued', 'running'))",
              {}, "reset endpoint status"));
  INLET_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(failed.Rows());
}

Result<std::optional<Job>> PgStore::TakeOverJob() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // SKIP LOCKED: two nodes looking at once take different jobs, or one takes it and the
  // other finds none.
  INLET_ASSIGN_OR_RETURN(
      PgResult taken,
      db->Query("UPDATE jobs SET node = $1, lease_until = " INLET_PG_NOW_MS " + $2, "
                "state = 'queued', total = 0, done = 0, created = 0, merged = 0, unchanged = 0, "
                "failed = 0, removed = 0 WHERE seq = (SELECT seq FROM jobs WHERE state IN "
                "('queued', 'running') AND lease_until < " INLET_PG_NOW_MS
                " ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
                {leases_.node(), leases_.lease_ms()}, "take over a job"));
  if (taken.Rows() == 0) return std::optional<Job>();
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(std::string(kJobColumns) + "WHERE j.id = $1",
                                                  {taken.Text(0, 0)}, "read job"));
  if (rows.Rows() == 0) return std::optional<Job>();  // its endpoint was deleted meanwhile
  return std::optional<Job>(JobFromRow(PgRow(rows, 0)));
}

Status PgStore::ReleaseJobs() { return leases_.Release(); }

}  // namespace inlet::store
