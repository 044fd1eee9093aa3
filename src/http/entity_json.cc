#include "http/entity_json.h"

#include "inlet/common/time.h"

namespace inlet::http {
nlohmann::json PartJson(const store::GoldenPartRef& part) {
  return {{"endpointId", part.endpoint_id},
          {"recordId", part.record_id},
          {"receiptId", part.receipt_id}};
}

namespace {

// Where …/parts and …/codes go on from the first ones an answer holds; null when it
// holds them all.
nlohmann::json PartsNext(const store::GoldenRecord& golden) {
  if (golden.parts.empty() || static_cast<int64_t>(golden.parts.size()) >= golden.part_count) {
    return nullptr;
  }
  return std::to_string(golden.parts.back().order);
}

nlohmann::json CodesNext(const store::GoldenRecord& golden) {
  if (golden.codes.empty() || static_cast<int64_t>(golden.codes.size()) >= golden.code_count) {
    return nullptr;
  }
  return golden.codes.back();
}

}  // namespace

Result<nlohmann::json> EntityJson(usecase::GoldenRecords& records,
                                  const store::GoldenRecord& golden) {
  nlohmann::json doc = nlohmann::json::parse(golden.document, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Internal("golden record " + golden.id + " has an unreadable document");
  }
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& part : golden.parts) parts.push_back(PartJson(part));
  // Stored properties name their provenance by index into the parts in processing order
  // (golden_document.h); the store read those parts wherever they are among them.
  nlohmann::json properties = doc.value("properties", nlohmann::json::object());
  for (auto& property : properties) {
    if (!property.is_object() || !property.contains("part")) continue;
    const auto index = property["part"].get<int64_t>();
    property.erase("part");
    if (const store::GoldenPartRef* part = golden.PartAt(index)) property.update(PartJson(*part));
  }
  INLET_ASSIGN_OR_RETURN(auto edges, records.EdgesOf(golden.key));
  nlohmann::json out_edges = nlohmann::json::array();
  for (const auto& e : edges.outgoing) {
    out_edges.push_back(
        {{"edgeType", e.edge_type},
         {"to", e.target_code},
         {"id", e.target_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.target_id)}});
  }
  nlohmann::json in_edges = nlohmann::json::array();
  for (const auto& e : edges.incoming) {
    in_edges.push_back({{"edgeType", e.edge_type}, {"from", e.source_id}});
  }
  nlohmann::json entity = {{"id", golden.id},
                           {"entityType", golden.entity_type},
                           {"name", golden.name},
                           {"description", doc.value("description", "")},
                           {"codes", golden.codes},
                           {"codeCount", golden.code_count},
                           {"codesNext", CodesNext(golden)},
                           {"properties", properties},
                           {"parts", parts},
                           {"partCount", golden.part_count},
                           {"partsNext", PartsNext(golden)},
                           {"edges", {{"outgoing", out_edges}, {"incoming", in_edges}}},
                           {"shadow", golden.shadow},
                           {"mergedFrom", golden.merged_from},
                           {"createdAt", FormatRfc3339Millis(golden.created_at_ms)},
                           {"updatedAt", FormatRfc3339Millis(golden.updated_at_ms)}};
  return entity;
}

}  // namespace inlet::http
