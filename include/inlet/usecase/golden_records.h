// Reading golden records (SPEC §5): a page of them by entity type, code or text, one by
// id (an id merged away leads to its survivor), its parts and codes a page at a time, and
// the edges read at request time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/store/golden.h"

namespace inlet::usecase {

struct GoldenEdges {
  std::vector<store::GoldenEdgeOut> outgoing;
  std::vector<store::GoldenEdgeIn> incoming;
};

class GoldenRecords {
 public:
  // Must outlive this object.
  explicit GoldenRecords(store::GoldenStore& store);

  // Each record with its first codes and parts, their counts, and the parts its values
  // come from (GoldenRecord::PartAt), however many parts it has.
  Result<std::vector<store::GoldenRecord>> Page(store::GoldenQuery query);
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
};

}  // namespace inlet::usecase
