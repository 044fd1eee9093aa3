// Explaining and correcting golden records (SPEC §11): a golden record's history, an
// unmerge, and the keep-apart rules unmerges leave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/common/status.h"
#include "inlet/processing/processor.h"
#include "inlet/store/store.h"

namespace inlet::usecase {

class GoldenCorrections {
 public:
  // Both must outlive this object.
  GoldenCorrections(processing::Processor& processor, store::Store& store);

  // A page of the golden record's history (`id` as sent), rows after `after`.
  // kNotFound "entity-not-found".
  Result<store::GoldenHistory> History(const std::string& id, std::optional<int64_t> after,
                                       int limit);
  // Takes the part of the endpoint's record out of the golden record `id` (or of its
  // survivor). kNotFound "entity-not-found", "endpoint-not-found", "part-not-found";
  // kConflict "job-running", "nothing-to-unmerge"; kPermissionDenied when the caller's
  // token is restricted to other endpoints than the part's.
  struct Unmerged {
    std::string entity_id;  // the golden record the part left
    processing::Processor::UnmergeDone done;
  };
  Result<Unmerged> Unmerge(const auth::Principal& caller, const std::string& id,
                           const std::string& endpoint_id, const std::string& record_id);
  Result<std::vector<store::KeepApartRule>> Rules(std::optional<int64_t> after, int limit);
  // kNotFound "rule-not-found"; kPermissionDenied unless the caller's token reaches every
  // endpoint (a rule's records may come from any).
  Status DeleteRule(const auth::Principal& caller, const std::string& id);

 private:
  processing::Processor& processor_;
  store::Store& store_;
};

}  // namespace inlet::usecase
