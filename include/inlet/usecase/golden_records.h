// Reading golden records (SPEC §5): a page of them by entity type, code or text, one by
// id (an id merged away leads to its survivor), and the edges read at request time.
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

  Result<std::vector<store::GoldenRecord>> Page(const store::GoldenQuery& query);
  // `id` as sent. kNotFound "entity-not-found" when neither it nor a survivor exists.
  Result<store::GoldenRecord> Get(const std::string& id);
  Result<GoldenEdges> EdgesOf(int64_t golden_key);

 private:
  store::GoldenStore& store_;
};

}  // namespace inlet::usecase
