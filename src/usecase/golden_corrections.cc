#include "inlet/usecase/golden_corrections.h"

#include <limits>

#include "inlet/processing/history.h"

namespace inlet::usecase {
namespace {

Status EntityNotFound(const std::string& id) {
  return Status::NotFound("entity-not-found", "no golden record has the id " + id);
}

}  // namespace

GoldenCorrections::GoldenCorrections(processing::Processor& processor, store::Store& store)
    : processor_(processor), store_(store) {}

Result<store::GoldenHistory> GoldenCorrections::History(const std::string& id,
                                                        std::optional<int64_t> after, int limit) {
  INLET_ASSIGN_OR_RETURN(auto history, store_.ReadGoldenHistory(id, after, limit));
  if (!history) return EntityNotFound(id);
  if (!history->rows.empty() && history->rows.front().seq == 0) {
    // Its creation was stored without its values: they are read back from every pass
    // after it and its document.
    INLET_ASSIGN_OR_RETURN(auto rest,
                           store_.ReadGoldenHistory(id, 0, std::numeric_limits<int>::max()));
    std::vector<std::string> later;
    if (rest) {
      for (auto& row : rest->rows) later.push_back(std::move(row.events));
    }
    auto& creation = history->rows.front().events;
    creation = processing::WithCreationValues(creation, history->document, later);
  }
  return std::move(*history);
}

Result<GoldenCorrections::Unmerged> GoldenCorrections::Unmerge(const auth::Principal& caller,
                                                               const std::string& id,
                                                               const std::string& endpoint_id,
                                                               const std::string& record_id) {
  INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kAdmin, endpoint_id));
  INLET_ASSIGN_OR_RETURN(auto golden, store_.GetGoldenRecord(id, {}));
  if (!golden) return EntityNotFound(id);
  INLET_ASSIGN_OR_RETURN(auto endpoint, store_.GetEndpoint(endpoint_id));
  INLET_ASSIGN_OR_RETURN(auto done, processor_.Unmerge(golden->key, endpoint, record_id));
  return Unmerged{golden->id, std::move(done)};
}

Result<std::vector<store::KeepApartRule>> GoldenCorrections::Rules(std::optional<int64_t> after,
                                                                   int limit) {
  return store_.ListKeepApart(after, limit);
}

Status GoldenCorrections::DeleteRule(const auth::Principal& caller, const std::string& id) {
  INLET_RETURN_IF_ERROR(auth::AuthorizeUnrestricted(caller, "delete keep-apart rules"));
  return store_.DeleteKeepApart(id);
}

}  // namespace inlet::usecase
