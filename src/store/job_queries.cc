// Store methods for processing jobs. A job's progress is saved by the engine inside each
// slice it commits (GoldenWriter::SaveJob); these are the rest of its life.
#include "store/row_readers.h"
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

Result<std::optional<Job>> ReadActiveJob(Connection& db, int64_t endpoint_key) {
  static const std::string kSql = std::string(kJobColumns) +
                                  "WHERE j.endpoint_key = ?1 AND j.state IN ('queued', "
                                  "'running') ORDER BY j.seq LIMIT 1";
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare(kSql, "find active job"));
  stmt.Bind(1, endpoint_key);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<Job>();
  return std::optional<Job>(JobFromRow(stmt));
}

}  // namespace

Status JobRunningConflict(const Job& job) {
  return Status::Conflict("job-running", "job " + job.id + " (" + std::string(ToString(job.kind)) +
                                             ") is " + std::string(ToString(job.state)) +
                                             " on this endpoint; wait until it ends (GET "
                                             "/api/v1/jobs/" +
                                             job.id + ")");
}

Status JobTakenOver(const Job& job) {
  return Status::Conflict("job-taken-over",
                          "job " + job.id + " is run by another node now: its lease ran out");
}

Status SqliteStore::InsertJob(const Job& job) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("begin job"));
  INLET_ASSIGN_OR_RETURN(auto active, ReadActiveJob(*writer_, job.endpoint_key));
  if (active) return JobRunningConflict(*active);
  {
    INLET_ASSIGN_OR_RETURN(
        auto stmt,
        writer_->Prepare(
            "INSERT INTO jobs (id, endpoint_key, kind, trigger, receipt_id, state, total, "
            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            "store job"));
    stmt.Bind(1, job.id)
        .Bind(2, job.endpoint_key)
        .Bind(3, ToString(job.kind))
        .Bind(4, ToString(job.trigger));
    if (job.receipt_id) {
      stmt.Bind(5, *job.receipt_id);
    } else {
      stmt.BindNull(5);
    }
    INLET_RETURN_IF_ERROR(
        stmt.Bind(6, ToString(job.state)).Bind(7, job.total).Bind(8, job.created_at_ms).Run());
  }
  return tx.Commit("commit job");
}

Result<Job> SqliteStore::GetJob(const std::string& job_id) {
  static const std::string kSql = std::string(kJobColumns) + "WHERE j.id = ?1";
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(kSql, "read job"));
  stmt.Bind(1, job_id);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return Status::NotFound("job-not-found", "no job has the id " + job_id);
  return JobFromRow(stmt);
}

Result<std::optional<Job>> SqliteStore::ActiveJob(int64_t endpoint_key) {
  auto db = readers_.Acquire();
  return ReadActiveJob(*db, endpoint_key);
}

Result<std::vector<Job>> SqliteStore::ListJobs(int64_t endpoint_key,
                                               std::optional<int64_t> before_seq, int limit) {
  static const std::string kSql = std::string(kJobColumns) +
                                  "WHERE j.endpoint_key = ?1 AND j.seq < ?2 "
                                  "ORDER BY j.seq DESC LIMIT ?3";
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(kSql, "list jobs"));
  stmt.Bind(1, endpoint_key).Bind(2, before_seq.value_or(INT64_MAX)).Bind(3, int64_t{limit});
  std::vector<Job> jobs;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return jobs;
    jobs.push_back(JobFromRow(stmt));
  }
}

Result<int64_t> SqliteStore::FailInterruptedJobs(int64_t now_ms, const std::string& message) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("begin failing interrupted jobs"));
  int64_t changed = 0;
  {
    INLET_ASSIGN_OR_RETURN(
        auto stmt,
        writer_->Prepare("UPDATE jobs SET state = 'failed', message = ?2, finished_at = ?1 "
                         "WHERE state IN ('queued', 'running')",
                         "fail interrupted jobs"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, now_ms).Bind(2, message).Run());
    changed = writer_->Changes();
  }
  {
    // Their endpoints read "processing" no longer.
    INLET_ASSIGN_OR_RETURN(
        auto stmt, writer_->Prepare(
                       "UPDATE endpoints SET status = 'not-processed' WHERE status = 'processing'",
                       "reset endpoint status"));
    INLET_RETURN_IF_ERROR(stmt.Run());
  }
  INLET_RETURN_IF_ERROR(tx.Commit("commit failing interrupted jobs"));
  return changed;
}

// One process owns the database's jobs: those a stop cut off are failed at the next start.
Result<std::optional<Job>> SqliteStore::TakeOverJob() { return std::optional<Job>(); }

Status SqliteStore::ReleaseJobs() { return Status::Ok(); }

}  // namespace inlet::store
