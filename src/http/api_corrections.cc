// Routes that explain and correct golden records (SPEC §11): a golden record's history,
// unmerge, and the keep-apart rules unmerges leave.
#include <memory>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"
#include "inlet/processing/history.h"
#include "inlet/usecase/golden_corrections.h"

namespace inlet::http {
namespace {

using Ordered = nlohmann::ordered_json;

Ordered PartJson(const processing::PartName& part) {
  return {{"endpointId", part.endpoint_id}, {"recordId", part.record_id}};
}

// Each event of each row, in SPEC §11's member order, with the row's time and job.
Ordered HistoryItems(const store::GoldenHistory& history) {
  Ordered items = Ordered::array();
  for (const auto& row : history.rows) {
    const std::string at = FormatRfc3339Millis(row.at_ms);
    const Ordered job = row.job_id.empty() ? Ordered(nullptr) : Ordered(row.job_id);
    const processing::DecodedHistory decoded = processing::DecodeHistory(row.events);
    for (const auto& event : decoded.events) {
      Ordered item = {{"at", at}, {"jobId", job}, {"kind", processing::ToString(event.kind)}};
      if (event.part) item["part"] = PartJson(*event.part);
      if (!event.property.empty()) item["property"] = event.property;
      if (event.from) item["from"] = *event.from;
      if (event.to) item["to"] = *event.to;
      if (!event.merged_from.empty()) item["mergedFrom"] = event.merged_from;
      if (!event.merged_into.empty()) item["mergedInto"] = event.merged_into;
      items.push_back(std::move(item));
    }
    if (decoded.omitted > 0) {
      items.push_back(
          {{"at", at}, {"jobId", job}, {"kind", "events-omitted"}, {"count", decoded.omitted}});
    }
  }
  return items;
}

// GET /api/v1/entities/{id}/history: {"entityId","items":[event…],"next"}, a row of
// events (one engine pass) the cursor.
Response GetHistory(usecase::GoldenCorrections& use, Call& call) {
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  auto history = use.History(call.params.at(0), page->after, page->limit);
  if (!history.ok()) return ErrorResponse(history.status());
  Ordered next = nullptr;
  if (history->more && !history->rows.empty()) next = std::to_string(history->rows.back().seq);
  return TextResponse(200, DumpJson(Ordered{{"entityId", history->entity_id},
                                            {"items", HistoryItems(*history)},
                                            {"next", next}}));
}

struct UnmergeRequest {
  std::string endpoint_id;
  std::string record_id;
};

// {"part":{"endpointId":"<uuid>","recordId":"<id>"}}
Result<UnmergeRequest> ReadUnmergeRequest(const std::string& text) {
  INLET_ASSIGN_OR_RETURN(auto body, ParseJsonObject(text));
  INLET_RETURN_IF_ERROR(CheckMembers(body, {"part"}));
  const auto part = body.find("part");
  if (part == body.end() || !part->is_object()) {
    return Status::InvalidArgument("invalid-request",
                                   "the body must be {\"part\":{\"endpointId\":…,\"recordId\":…}}, "
                                   "the part to take out");
  }
  INLET_RETURN_IF_ERROR(CheckMembers(*part, {"endpointId", "recordId"}));
  const auto endpoint = part->find("endpointId");
  std::optional<std::string> endpoint_id;
  if (endpoint != part->end() && endpoint->is_string()) {
    endpoint_id = NormalizeUuid(endpoint->get<std::string>());
  }
  if (!endpoint_id) {
    return Status::InvalidArgument("invalid-request",
                                   "\"part.endpointId\" must be an endpoint id (UUID)");
  }
  const auto record = part->find("recordId");
  if (record == part->end() || !record->is_string() || record->get<std::string>().empty()) {
    return Status::InvalidArgument("invalid-request",
                                   "\"part.recordId\" must be the record's id, a non-empty string");
  }
  return UnmergeRequest{*endpoint_id, record->get<std::string>()};
}

// POST /api/v1/entities/{id}/unmerge → {"jobId","entityId","unmergedEntityId","ruleId"}.
Response Unmerge(usecase::GoldenCorrections& use, Call& call) {
  auto request = ReadUnmergeRequest(call.request.body);
  if (!request.ok()) return ErrorResponse(request.status());
  auto unmerged =
      use.Unmerge(*call.principal, call.params.at(0), request->endpoint_id, request->record_id);
  if (!unmerged.ok()) return ErrorResponse(unmerged.status(), request->endpoint_id);
  const auto& done = unmerged->done;
  Response response = TextResponse(200,
                                   DumpJson(Ordered{{"jobId", done.job.id},
                                                    {"entityId", unmerged->entity_id},
                                                    {"unmergedEntityId", done.entity_id},
                                                    {"ruleId", done.rule_id}}),
                                   request->endpoint_id);
  return response;
}

// GET /api/v1/rules/keep-apart: {"items":[{"id","unmerged","keptApartFrom","jobId",
// "createdAt"}…],"next"}.
Response ListRules(usecase::GoldenCorrections& use, Call& call) {
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  auto rules = use.Rules(page->after, page->limit);
  if (!rules.ok()) return ErrorResponse(rules.status());
  Ordered items = Ordered::array();
  auto side = [](const store::KeptApartRecord& record) {
    return Ordered{
        {"code", record.code}, {"endpointId", record.endpoint_id}, {"recordId", record.record_id}};
  };
  for (const auto& rule : *rules) {
    items.push_back({{"id", rule.id},
                     {"unmerged", side(rule.taken_out)},
                     {"keptApartFrom", side(rule.stays)},
                     {"jobId", rule.job_id.empty() ? Ordered(nullptr) : Ordered(rule.job_id)},
                     {"createdAt", FormatRfc3339Millis(rule.created_at_ms)}});
  }
  Ordered next = nullptr;
  if (static_cast<int>(rules->size()) == page->limit) next = std::to_string(rules->back().seq);
  return TextResponse(200, DumpJson(Ordered{{"items", items}, {"next", next}}));
}

// DELETE /api/v1/rules/keep-apart/{id} → 204.
Response DeleteRule(usecase::GoldenCorrections& use, Call& call) {
  const std::optional<std::string> id = NormalizeUuid(call.params.at(0));
  if (!id) {
    return ErrorResponse(
        Status::NotFound("rule-not-found", "no keep-apart rule has the id " + call.params.at(0)));
  }
  Status deleted = use.DeleteRule(*call.principal, *id);
  if (!deleted.ok()) return ErrorResponse(deleted);
  Response response;
  response.status = 204;
  return response;
}

}  // namespace

std::vector<RouteDef> CorrectionRoutes(const ApiContext& context) {
  auto with =
      BindTo(std::make_shared<usecase::GoldenCorrections>(context.processor, context.store));
  return {
      {.method = "GET",
       .pattern = "/api/v1/entities/{id}/history",
       .access = Access::kRead,
       .handle = with(GetHistory)},
      {.method = "POST",
       .pattern = "/api/v1/entities/{id}/unmerge",
       .access = Access::kAdmin,
       .handle = with(Unmerge)},
      {.method = "GET",
       .pattern = "/api/v1/rules/keep-apart",
       .access = Access::kRead,
       .handle = with(ListRules)},
      {.method = "DELETE",
       .pattern = "/api/v1/rules/keep-apart/{id}",
       .access = Access::kAdmin,
       .handle = with(DeleteRule)},
  };
}

}  // namespace inlet::http
