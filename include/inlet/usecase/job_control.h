// Processing jobs (SPEC §3.1, §5): starting one over an endpoint's records, removing
// records (all, or one receipt's), and reading jobs. The Processor runs them; this is
// what a request may ask of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/common/status.h"
#include "inlet/processing/processor.h"
#include "inlet/store/store.h"

namespace inlet::usecase {

class JobControl {
 public:
  // Both must outlive this object.
  JobControl(processing::Processor& processor, store::Store& store);

  // The endpoint jobs would run over (`id` a normalized UUID); kNotFound
  // "endpoint-not-found".
  Result<store::Endpoint> Endpoint(const std::string& id);
  // kConflict "mapping-incomplete" or "job-running"; else the job, queued.
  Result<store::Job> StartProcess(const store::Endpoint& endpoint);
  // Of one receipt when `receipt_id` (a normalized UUID) is given: kNotFound
  // "receipt-not-found" when it is not one of this endpoint's. kConflict "job-running".
  Result<store::Job> StartRemove(const store::Endpoint& endpoint,
                                 const std::optional<std::string>& receipt_id);
  // The endpoint's jobs, newest first, strictly older than `before_seq` when given.
  Result<std::vector<store::Job>> List(const store::Endpoint& endpoint,
                                       std::optional<int64_t> before_seq, int limit);
  // `job_id` as sent. kNotFound "job-not-found"; kPermissionDenied when the caller may
  // not read the job's endpoint.
  Result<store::Job> Get(const auth::Principal& caller, std::string_view job_id);

 private:
  processing::Processor& processor_;
  store::Store& store_;
};

}  // namespace inlet::usecase
