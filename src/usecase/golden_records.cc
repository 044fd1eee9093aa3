#include "inlet/usecase/golden_records.h"

#include "inlet/common/uuid.h"
#include "inlet/processing/golden_document.h"

namespace inlet::usecase {
namespace {

Status NotFound(const std::string& id) {
  return Status::NotFound("entity-not-found", "no golden record has the id " + id);
}

}  // namespace

GoldenRecords::GoldenRecords(store::GoldenStore& golden, store::EndpointStore& endpoints,
                             store::RecordStore& records)
    : store_(golden), endpoints_(endpoints), records_(records) {}

Result<std::vector<store::GoldenRecord>> GoldenRecords::Page(store::GoldenQuery query,
                                                             const ProducedBy& produced_by,
                                                             const auth::Principal& caller) {
  if (produced_by.endpoint_id) {
    INLET_ASSIGN_OR_RETURN(auto endpoint, endpoints_.GetEndpoint(*produced_by.endpoint_id));
    INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kRead, endpoint.id));
    query.endpoint_key = endpoint.key;
  }
  if (produced_by.receipt_id) {
    INLET_ASSIGN_OR_RETURN(auto receipt, records_.GetReceipt(*produced_by.receipt_id));
    INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kRead, receipt.endpoint_id));
    // A receipt without records produced nothing: an empty range.
    query.records = store::RecordRange{receipt.endpoint_key, receipt.first_record_seq.value_or(0),
                                       receipt.last_record_seq.value_or(-1)};
  }
  query.named_parts = processing::PartsNamedBy;
  return store_.ListGoldenRecords(query);
}

Result<ReceiptOutcomes> GoldenRecords::Outcomes(const auth::Principal& caller,
                                                const std::string& receipt_id,
                                                std::optional<int64_t> after, int limit) {
  INLET_ASSIGN_OR_RETURN(auto receipt, records_.GetReceipt(receipt_id));
  INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kRead, receipt.endpoint_id));
  ReceiptOutcomes page;
  if (receipt.first_record_seq && receipt.last_record_seq) {
    INLET_ASSIGN_OR_RETURN(page.outcomes,
                           store_.ReceiptOutcomes({receipt.endpoint_key, *receipt.first_record_seq,
                                                   *receipt.last_record_seq},
                                                  after, limit));
  }
  page.receipt = std::move(receipt);
  return page;
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
