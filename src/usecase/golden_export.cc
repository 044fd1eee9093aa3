#include "inlet/usecase/golden_export.h"

#include <set>

#include "inlet/processing/golden_document.h"

namespace inlet::usecase {
namespace {

// Golden records per page: enough to amortize a read transaction, few enough that a
// page of large records stays small (each holds at most its first 100 parts and codes).
constexpr int kPageRecords = 200;

}  // namespace

GoldenExport::GoldenExport(store::GoldenStore& store, std::optional<std::string> entity_type)
    : store_(store), entity_type_(std::move(entity_type)) {}

Result<int64_t> GoldenExport::ChangeFeedPosition() { return store_.LatestChangeSeq(); }

Result<std::vector<std::string>> GoldenExport::PropertyKeys(size_t max_keys) {
  std::set<std::string> keys;
  store::GoldenQuery query;
  query.entity_type = entity_type_;
  query.limit = 1000;
  query.codes_and_parts = false;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto page, store_.ListGoldenRecords(query));
    if (page.empty()) break;
    for (const auto& golden : page) {
      for (auto& [key, value] : processing::PropertyValuesOf(golden.document)) {
        keys.insert(key);
        if (keys.size() > max_keys) {
          return Status::InvalidArgument("too-many-columns",
                                         "these golden records have more than " +
                                             std::to_string(max_keys) +
                                             " property keys, too many CSV columns; export them as "
                                             "format=ndjson, or one type at a time");
        }
      }
    }
    query.after_key = page.back().key;
  }
  return std::vector<std::string>(keys.begin(), keys.end());
}

Result<std::vector<store::GoldenRecord>> GoldenExport::NextPage() {
  store::GoldenQuery query;
  query.entity_type = entity_type_;
  query.after_key = after_key_;
  query.limit = kPageRecords;
  query.named_parts = processing::PartsNamedBy;
  INLET_ASSIGN_OR_RETURN(auto page, store_.ListGoldenRecords(query));
  if (!page.empty()) after_key_ = page.back().key;
  return page;
}

}  // namespace inlet::usecase
