// Exporting golden records (SPEC §11): every live golden record, of one entity type or of
// all, read a page at a time in key order, so an export of any size holds one page. A
// record created while an export runs is in it when its key comes after the page being
// read; one changed is exported as it is when its page is read. The change feed's
// position when the export began lets a consumer follow on from there without a gap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/store/golden.h"

namespace inlet::usecase {

class GoldenExport {
 public:
  // `store` must outlive this object.
  GoldenExport(store::GoldenStore& store, std::optional<std::string> entity_type);

  // The newest change seq now: read it before the first page.
  Result<int64_t> ChangeFeedPosition();
  // Every property key of the golden records to export, sorted: one pass over their
  // documents. kInvalidArgument "too-many-columns" when there are more than `max_keys`.
  Result<std::vector<std::string>> PropertyKeys(size_t max_keys);
  // The next golden records, each as GoldenRecords::Page reads them; empty at the end.
  Result<std::vector<store::GoldenRecord>> NextPage();

 private:
  store::GoldenStore& store_;
  std::optional<std::string> entity_type_;
  int64_t after_key_ = 0;
};

}  // namespace inlet::usecase
