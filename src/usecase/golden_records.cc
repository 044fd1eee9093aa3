#include "inlet/usecase/golden_records.h"

#include "inlet/common/uuid.h"
#include "inlet/processing/golden_document.h"

namespace inlet::usecase {
namespace {

Status NotFound(const std::string& id) {
  return Status::NotFound("entity-not-found", "no golden record has the id " + id);
}

}  // namespace

GoldenRecords::GoldenRecords(store::GoldenStore& store) : store_(store) {}

Result<std::vector<store::GoldenRecord>> GoldenRecords::Page(store::GoldenQuery query) {
  query.named_parts = processing::PartsNamedBy;
  return store_.ListGoldenRecords(query);
}

Result<store::GoldenRecord> GoldenRecords::Get(const std::string& id) {
  INLET_ASSIGN_OR_RETURN(auto golden, store_.GetGoldenRecord(NormalizeUuid(id).value_or(id),
                                                             processing::PartsNamedBy));
  if (!golden) return NotFound(id);
  return std::move(*golden);
}

Result<std::vector<store::GoldenPartRef>> GoldenRecords::Parts(const std::string& id,
                                                               std::optional<int64_t> after,
                                                               int limit) {
  INLET_ASSIGN_OR_RETURN(auto parts,
                         store_.GoldenParts(NormalizeUuid(id).value_or(id), after, limit));
  if (!parts) return NotFound(id);
  return std::move(*parts);
}

Result<std::vector<std::string>> GoldenRecords::Codes(const std::string& id,
                                                      const std::optional<std::string>& after,
                                                      int limit) {
  INLET_ASSIGN_OR_RETURN(auto codes,
                         store_.GoldenCodes(NormalizeUuid(id).value_or(id), after, limit));
  if (!codes) return NotFound(id);
  return std::move(*codes);
}

Result<GoldenEdges> GoldenRecords::EdgesOf(int64_t golden_key) {
  GoldenEdges edges;
  INLET_ASSIGN_OR_RETURN(edges.outgoing, store_.OutgoingEdges(golden_key));
  INLET_ASSIGN_OR_RETURN(edges.incoming, store_.IncomingEdges(golden_key));
  return edges;
}

}  // namespace inlet::usecase
