// Reading golden records (SPEC §5, §11): a page of them by entity type, code, text, or
// what an endpoint or one request produced; one by id (an id merged away leads to its
// survivor), its parts and codes a page at a time, and the edges read at request time;
// what processing made of each record of a request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/common/status.h"
#include "inlet/store/endpoints.h"
#include "inlet/store/golden.h"
#include "inlet/store/records.h"

namespace inlet::usecase {

struct GoldenEdges {
  std::vector<store::GoldenEdgeOut> outgoing;
  std::vector<store::GoldenEdgeIn> incoming;
};

// Golden records with a part from an endpoint, or from one request's records (ids as
// sent; both may be given).
struct ProducedBy {
  std::optional<std::string> endpoint_id;
  std::optional<std::string> receipt_id;
};

struct ReceiptOutcomes {
  store::Receipt receipt;
  std::vector<store::RecordOutcomeRef> outcomes;
};

class GoldenRecords {
 public:
  // Each must outlive this object.
  GoldenRecords(store::GoldenStore& golden, store::EndpointStore& endpoints,
                store::RecordStore& records);

  // Each record with its first codes and parts, their counts, and the parts its values
  // come from (GoldenRecord::PartAt), however many parts it has. With `produced_by`: the
  // caller must be allowed to read that endpoint (403); an unknown endpoint or receipt
  // is kNotFound.
  Result<std::vector<store::GoldenRecord>> Page(store::GoldenQuery query,
                                                const ProducedBy& produced_by,
                                                const auth::Principal& caller);
  // A page of what processing made of each record of a receipt, by record, after the
  // record seq `after`. kNotFound "receipt-not-found"; 403 when the caller may not read
  // its endpoint.
  Result<ReceiptOutcomes> Outcomes(const auth::Principal& caller, const std::string& receipt_id,
                                   std::optional<int64_t> after, int limit);
  // `id` as sent. kNotFound "entity-not-found" when neither it nor a survivor exists.
  Result<store::GoldenRecord> Get(const std::string& id);
  // The rest of a golden record's parts and codes, a page at a time (same errors as Get).
  Result<std::vector<store::GoldenPartRef>> Parts(const std::string& id,
                                                  std::optional<int64_t> after, int limit);
  Result<std::vector<std::string>> Codes(const std::string& id,
                                         const std::optional<std::string>& after, int limit);
  Result<GoldenEdges> EdgesOf(int64_t golden_key);

 private:
  store::GoldenStore& store_;
  store::EndpointStore& endpoints_;
  store::RecordStore& records_;
};

}  // namespace inlet::usecase
