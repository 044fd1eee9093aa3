#include "inlet/usecase/job_control.h"

#include "inlet/common/uuid.h"

namespace inlet::usecase {

JobControl::JobControl(processing::Processor& processor, store::Store& store)
    : processor_(processor), store_(store) {}

Result<store::Endpoint> JobControl::Endpoint(const std::string& id) {
  return store_.GetEndpoint(id);
}

Result<store::Job> JobControl::StartProcess(const store::Endpoint& endpoint) {
  return processor_.StartProcessJob(endpoint);
}

Result<store::Job> JobControl::StartRemove(const store::Endpoint& endpoint,
                                           const std::optional<std::string>& receipt_id) {
  std::optional<store::Receipt> receipt;
  if (receipt_id) {
    auto found = store_.GetReceipt(*receipt_id);
    if (found.ok() && found->endpoint_id != endpoint.id) {
      found =
          Status::NotFound("receipt-not-found", "receipt " + *receipt_id +
                                                    " does not belong to endpoint " + endpoint.id);
    }
    if (!found.ok()) return found.status();
    receipt = std::move(*found);
  }
  return processor_.StartRemoveJob(endpoint, receipt);
}

Result<std::vector<store::Job>> JobControl::List(const store::Endpoint& endpoint,
                                                 std::optional<int64_t> before_seq, int limit) {
  return store_.ListJobs(endpoint.key, before_seq, limit);
}

Result<store::Job> JobControl::Get(const auth::Principal& caller, std::string_view job_id) {
  auto id = NormalizeUuid(job_id);
  if (!id) return Status::NotFound("job-not-found", "no job has the id " + std::string(job_id));
  INLET_ASSIGN_OR_RETURN(auto job, store_.GetJob(*id));
  INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kRead, job.endpoint_id));
  return job;
}

}  // namespace inlet::usecase
