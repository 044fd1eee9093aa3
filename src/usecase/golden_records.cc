#include "inlet/usecase/golden_records.h"

#include "inlet/common/uuid.h"

namespace inlet::usecase {

GoldenRecords::GoldenRecords(store::GoldenStore& store) : store_(store) {}

Result<std::vector<store::GoldenRecord>> GoldenRecords::Page(const store::GoldenQuery& query) {
  return store_.ListGoldenRecords(query);
}

Result<store::GoldenRecord> GoldenRecords::Get(const std::string& id) {
  INLET_ASSIGN_OR_RETURN(auto golden, store_.GetGoldenRecord(NormalizeUuid(id).value_or(id)));
  if (!golden) return Status::NotFound("entity-not-found", "no golden record has the id " + id);
  return std::move(*golden);
}

Result<GoldenEdges> GoldenRecords::EdgesOf(int64_t golden_key) {
  GoldenEdges edges;
  INLET_ASSIGN_OR_RETURN(edges.outgoing, store_.OutgoingEdges(golden_key));
  INLET_ASSIGN_OR_RETURN(edges.incoming, store_.IncomingEdges(golden_key));
  return edges;
}

}  // namespace inlet::usecase
