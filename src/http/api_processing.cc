// Processing routes (SPEC §3.1, §5, §11): start a job, poll it, remove records, read the
// golden records jobs make and what each record of a request came to.
#include <memory>

#include "http/api_routes.h"
#include "http/entity_json.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"
#include "inlet/usecase/golden_records.h"
#include "inlet/usecase/job_control.h"

namespace inlet::http {
namespace {

nlohmann::json JobJson(const store::Job& job) {
  return {
      {"id", job.id},
      {"endpointId", job.endpoint_id},
      {"kind", ToString(job.kind)},
      {"trigger", ToString(job.trigger)},
      {"receiptId", job.receipt_id ? nlohmann::json(*job.receipt_id) : nullptr},
      {"state", ToString(job.state)},
      {"total", job.total},
      {"done", job.done},
      {"created", job.created},
      {"merged", job.merged},
      {"unchanged", job.unchanged},
      {"failed", job.failed},
      {"removed", job.removed},
      {"message", job.message.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.message)},
      {"createdAt", FormatRfc3339Millis(job.created_at_ms)},
      {"finishedAt",
       job.finished_at_ms ? nlohmann::json(FormatRfc3339Millis(*job.finished_at_ms)) : nullptr}};
}

Response Accepted(const store::Job& job) {
  Response response = JsonResponse(202, JobJson(job));
  response.headers.Set("Location", "/api/v1/jobs/" + job.id);
  response.endpoint_id = job.endpoint_id;
  return response;
}

struct ProcessingUseCases {
  usecase::JobControl jobs;
  usecase::GoldenRecords golden;
};

// The endpoint the first placeholder names.
Result<store::Endpoint> EndpointOf(ProcessingUseCases& use, const Call& call) {
  INLET_ASSIGN_OR_RETURN(auto id, EndpointIdParam(call));
  return use.jobs.Endpoint(id);
}

Response StartProcessing(ProcessingUseCases& use, Call& call) {
  auto endpoint = EndpointOf(use, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto job = use.jobs.StartProcess(*endpoint);
  if (!job.ok()) return ErrorResponse(job.status(), endpoint->id);
  return Accepted(*job);
}

// The optional body {"receiptId": "<uuid>"}: the receipt whose records to remove.
Result<std::optional<std::string>> ReadRemoveRequest(const std::string& text) {
  if (text.empty()) return std::optional<std::string>();
  INLET_ASSIGN_OR_RETURN(auto body, ParseJsonObject(text));
  INLET_RETURN_IF_ERROR(CheckMembers(body, {"receiptId"}));
  if (!body.contains("receiptId")) return std::optional<std::string>();
  const auto& value = body["receiptId"];
  std::optional<std::string> id =
      value.is_string() ? NormalizeUuid(value.get<std::string>()) : std::nullopt;
  if (!id) {
    return Status::InvalidArgument("invalid-request", "\"receiptId\" must be a receipt id (UUID)");
  }
  return id;
}

Response RemoveRecords(ProcessingUseCases& use, Call& call) {
  auto endpoint = EndpointOf(use, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto receipt_id = ReadRemoveRequest(call.request.body);
  if (!receipt_id.ok()) return ErrorResponse(receipt_id.status(), endpoint->id);
  auto job = use.jobs.StartRemove(*endpoint, *receipt_id);
  if (!job.ok()) return ErrorResponse(job.status(), endpoint->id);
  return Accepted(*job);
}

Response ListJobs(ProcessingUseCases& use, Call& call) {
  auto endpoint = EndpointOf(use, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  auto jobs = use.jobs.List(*endpoint, page->after, limit);
  if (!jobs.ok()) return ErrorResponse(jobs.status(), endpoint->id);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& job : *jobs) items.push_back(JobJson(job));
  nlohmann::json next = nullptr;
  if (static_cast<int>(jobs->size()) == limit) next = std::to_string(jobs->back().seq);
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

Response GetJob(ProcessingUseCases& use, Call& call) {
  auto job = use.jobs.Get(*call.principal, call.params.at(0));
  if (!job.ok()) return ErrorResponse(job.status());
  return JsonResponse(200, JobJson(*job));
}

Response ListEntities(ProcessingUseCases& use, Call& call) {
  const auto& head = call.request.head;
  auto page = ReadPage(head);
  if (!page.ok()) return ErrorResponse(page.status());
  const int limit = page->limit;
  const std::optional<int64_t> after = page->after;
  store::GoldenQuery query;
  query.entity_type = head.QueryParam("type");
  query.code = head.QueryParam("code");
  query.text = head.QueryParam("q");
  for (auto* param : {&query.entity_type, &query.code, &query.text}) {
    if (*param && (*param)->empty()) param->reset();
  }
  query.after_key = after;
  query.limit = limit;
  query.max_bytes = call.context.config.limits.page_bytes;
  // Ids as sent: one that is no UUID names nothing (404), like a UUID nobody has.
  usecase::ProducedBy produced_by;
  if (auto endpoint = head.QueryParam("endpoint"); endpoint && !endpoint->empty()) {
    produced_by.endpoint_id = NormalizeUuid(*endpoint).value_or(*endpoint);
  }
  if (auto receipt = head.QueryParam("receipt"); receipt && !receipt->empty()) {
    produced_by.receipt_id = NormalizeUuid(*receipt).value_or(*receipt);
  }
  auto records = use.golden.Page(query, produced_by, *call.principal);
  if (!records.ok()) return ErrorResponse(records.status());
  PageItems items(query.max_bytes);
  uint64_t document_bytes = 0;
  for (const auto& golden : *records) {
    document_bytes += golden.document.size();
    auto entity = EntityJson(use.golden, golden);
    if (!entity.ok()) return ErrorResponse(entity.status());
    if (!items.Add(DumpJson(*entity), golden.key)) break;
  }
  std::optional<int64_t> next;
  // The store stopped early at the byte bound: there may be more after the last.
  if (!records->empty() &&
      (static_cast<int>(records->size()) == limit || document_bytes >= query.max_bytes)) {
    next = records->back().key;
  }
  Response response;
  response.status = 200;
  response.body = items.Body(next);
  return response;
}

Response GetEntity(ProcessingUseCases& use, Call& call) {
  auto golden = use.golden.Get(call.params.at(0));
  if (!golden.ok()) return ErrorResponse(golden.status());
  auto entity = EntityJson(use.golden, *golden);
  if (!entity.ok()) return ErrorResponse(entity.status());
  return JsonResponse(200, *entity);
}

// GET …/entities/{id}/parts: {"items":[part…],"next"}, `after` the "next" of a page or
// the "partsNext" of the golden record's answer.
Response ListEntityParts(ProcessingUseCases& use, Call& call) {
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  auto parts = use.golden.Parts(call.params.at(0), page->after, page->limit);
  if (!parts.ok()) return ErrorResponse(parts.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& part : *parts) items.push_back(PartJson(part));
  nlohmann::json next = nullptr;
  if (static_cast<int>(parts->size()) == page->limit) next = std::to_string(parts->back().order);
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

// GET …/entities/{id}/codes: {"items":[code…],"next"}; a code is its own cursor.
Response ListEntityCodes(ProcessingUseCases& use, Call& call) {
  auto limit = PageSize(call.request.head);
  if (!limit.ok()) return ErrorResponse(limit.status());
  auto codes = use.golden.Codes(call.params.at(0), call.request.head.QueryParam("after"), *limit);
  if (!codes.ok()) return ErrorResponse(codes.status());
  nlohmann::json next = nullptr;
  if (static_cast<int>(codes->size()) == *limit) next = codes->back();
  return JsonResponse(200, {{"items", *codes}, {"next", next}});
}

// GET /api/v1/receipts/{id}/outcomes: {"receiptId","items":[{"rowIndex","recordId",
// "outcome","entityId"}…],"next"}, a record's seq the cursor.
Response ListReceiptOutcomes(ProcessingUseCases& use, Call& call) {
  auto id = ReceiptIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  auto outcomes = use.golden.Outcomes(*call.principal, *id, page->after, page->limit);
  if (!outcomes.ok()) return ErrorResponse(outcomes.status());
  // In the order of SPEC §11, like a receipt's members.
  using Ordered = nlohmann::ordered_json;
  Ordered items = Ordered::array();
  for (const auto& outcome : outcomes->outcomes) {
    items.push_back(
        {{"rowIndex", outcome.row_index ? Ordered(*outcome.row_index) : Ordered(nullptr)},
         {"recordId", outcome.record_id},
         {"outcome", ToString(outcome.outcome)},
         {"entityId", outcome.entity_id.empty() ? Ordered(nullptr) : Ordered(outcome.entity_id)}});
  }
  Ordered next = nullptr;
  if (static_cast<int>(outcomes->outcomes.size()) == page->limit) {
    next = std::to_string(outcomes->outcomes.back().record_seq);
  }
  Response response = TextResponse(
      200,
      DumpJson(Ordered{{"receiptId", outcomes->receipt.id}, {"items", items}, {"next", next}}));
  response.endpoint_id = outcomes->receipt.endpoint_id;
  response.receipt_id = outcomes->receipt.id;
  return response;
}

}  // namespace

std::vector<RouteDef> ProcessingRoutes(const ApiContext& context) {
  auto use = std::make_shared<ProcessingUseCases>(
      ProcessingUseCases{usecase::JobControl(context.processor, context.store),
                         usecase::GoldenRecords(context.store, context.store, context.store)});
  auto with = BindTo(use);
  return {
      {.method = "POST",
       .pattern = "/api/v1/endpoints/{id}/process",
       .access = Access::kAdmin,
       .handle = with(StartProcessing)},
      {.method = "POST",
       .pattern = "/api/v1/endpoints/{id}/remove-records",
       .access = Access::kAdmin,
       .handle = with(RemoveRecords)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/jobs",
       .access = Access::kRead,
       .handle = with(ListJobs)},
      {.method = "GET",
       .pattern = "/api/v1/jobs/{id}",
       .access = Access::kRead,
       .handle = with(GetJob)},
      {.method = "GET",
       .pattern = "/api/v1/entities",
       .access = Access::kRead,
       .handle = with(ListEntities)},
      {.method = "GET",
       .pattern = "/api/v1/entities/{id}",
       .access = Access::kRead,
       .handle = with(GetEntity)},
      {.method = "GET",
       .pattern = "/api/v1/entities/{id}/parts",
       .access = Access::kRead,
       .handle = with(ListEntityParts)},
      {.method = "GET",
       .pattern = "/api/v1/entities/{id}/codes",
       .access = Access::kRead,
       .handle = with(ListEntityCodes)},
      {.method = "GET",
       .pattern = "/api/v1/receipts/{id}/outcomes",
       .access = Access::kRead,
       .handle = with(ListReceiptOutcomes)},
  };
}

}  // namespace inlet::http
