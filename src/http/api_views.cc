// /api/v1/endpoints/{id}/records, …/fields, …/receipts, …/logs and /api/v1/receipts/{id}
// (SPEC §3): their parameters read into usecase::IngestionViews calls, and the answers.
//
// Stored records are JSON whose numbers keep their exact text; they are spliced into
// answers as they are, never through a JSON library that would turn numbers into
// doubles.
#include <memory>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/usecase/ingestion_views.h"

namespace inlet::http {
namespace {

std::string Quoted(const std::string& text) { return DumpJson(nlohmann::json(text)); }

// The endpoint the first placeholder names.
Result<store::Endpoint> FindEndpoint(usecase::IngestionViews& views, const Call& call) {
  INLET_ASSIGN_OR_RETURN(auto id, EndpointIdParam(call));
  return views.FindEndpoint(id);
}

std::string RecordJson(const store::StoredRecord& record) {
  return "{\"id\":" + Quoted(record.id) +
         ",\"receiptId\":" + (record.receipt_id.empty() ? "null" : Quoted(record.receipt_id)) +
         ",\"receivedAt\":" + Quoted(FormatRfc3339Millis(record.received_at_ms)) +
         ",\"rowIndex\":" + std::to_string(record.row_index) + ",\"data\":" + record.data + "}";
}

Response ListRecords(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  const auto& head = call.request.head;
  auto page = ReadPage(head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  usecase::RecordFilter filter;
  filter.search = head.QueryParam("q");
  filter.receipt_id = head.QueryParam("receipt");
  filter.before_seq = page->after;
  filter.limit = page->limit;
  filter.max_bytes = call.context.config.limits.page_bytes;
  PageItems items(filter.max_bytes);
  auto end = views.Records(*endpoint, filter, [&items](const store::StoredRecord& record) {
    return items.Add(RecordJson(record), record.seq);
  });
  if (!end.ok()) return ErrorResponse(end.status(), endpoint->id);
  Response response =
      TextResponse(200, items.Body(end->next, ",\"indexLag\":" + std::to_string(end->index_lag)));
  response.endpoint_id = endpoint->id;
  return response;
}

Response ClearRecords(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  Status cleared = views.ClearRecords(*endpoint);
  if (!cleared.ok()) return ErrorResponse(cleared, endpoint->id);
  return JsonResponse(200, {{"id", endpoint->id}, {"cleared", endpoint->record_count}});
}

// The values of names past limits.profileFields, or null while there were none.
std::string OtherFieldsJson(const ingest::OtherFields& other) {
  if (other.count == 0) return "null";
  return "{\"fieldCount\":" + std::to_string(other.names.Estimate()) +
         ",\"fieldCountApproximate\":" + (other.names.approximate() ? "true" : "false") +
         ",\"count\":" + std::to_string(other.count) +
         ",\"emptyCount\":" + std::to_string(other.empty_count) + "}";
}

// Paged by name: `?after=` is the previous page's "next", the last name it held.
Response ListFields(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto limit = PageSize(call.request.head);
  if (!limit.ok()) return ErrorResponse(limit.status(), endpoint->id);
  usecase::FieldPage page =
      views.Fields(*endpoint, call.request.head.QueryParam("after"), static_cast<size_t>(*limit));
  std::vector<std::string> items;
  for (const auto& [name, stats] : page.fields) {
    // Samples are stored JSON values: spliced as they are, numbers keep their text.
    std::string samples = "[";
    for (size_t i = 0; i < stats.samples.size(); ++i) {
      samples += (i ? "," : "") + stats.samples[i];
    }
    samples += "]";
    items.push_back("{\"name\":" + Quoted(name) + ",\"count\":" + std::to_string(stats.count) +
                    ",\"emptyCount\":" + std::to_string(stats.empty_count) + ",\"distinctCount\":" +
                    std::to_string(stats.distinct.Estimate()) + ",\"distinctApproximate\":" +
                    (stats.distinct.approximate() ? "true" : "false") + ",\"samples\":" + samples +
                    "}");
  }
  std::string body = "{\"items\":[";
  for (size_t i = 0; i < items.size(); ++i) body += (i ? "," : "") + items[i];
  body += "],\"next\":";
  body += page.more ? Quoted(page.fields.back().first) : "null";
  body += ",\"other\":" + OtherFieldsJson(page.other) + "}";
  Response response = TextResponse(200, std::move(body));
  response.endpoint_id = endpoint->id;
  return response;
}

nlohmann::ordered_json ReceiptJson(const store::Receipt& receipt) {
  return {{"id", receipt.id},
          {"endpointId", receipt.endpoint_id},
          {"receivedAt", FormatRfc3339Millis(receipt.received_at_ms)},
          {"httpStatus", receipt.http_status},
          {"received", receipt.received},
          {"accepted", receipt.accepted},
          {"rejected", receipt.rejected},
          {"warnings", receipt.warnings},
          {"errors", receipt.errors},
          {"timesProcessed", receipt.times_processed},
          {"goldenRecords",
           {{"created", receipt.golden.created},
            {"merged", receipt.golden.merged},
            {"unchanged", receipt.golden.unchanged},
            {"failed", receipt.golden.failed}}}};
}

Response ListReceipts(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  auto receipts = views.Receipts(*endpoint, page->after, limit);
  if (!receipts.ok()) return ErrorResponse(receipts.status(), endpoint->id);
  PageItems items(call.context.config.limits.page_bytes);
  for (const auto& receipt : *receipts) {
    if (!items.Add(DumpJson(ReceiptJson(receipt)), receipt.seq)) break;
  }
  std::optional<int64_t> next;
  if (static_cast<int>(receipts->size()) == limit) next = receipts->back().seq;
  return TextResponse(200, items.Body(next));
}

Response GetReceipt(usecase::IngestionViews& views, Call& call) {
  auto id = ReceiptIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto receipt = views.FindReceipt(*call.principal, *id);
  if (!receipt.ok()) return ErrorResponse(receipt.status());
  nlohmann::ordered_json json = ReceiptJson(*receipt);
  // The answer the client got, as it got it.
  json["response"] = nlohmann::ordered_json::parse(receipt->response, nullptr, false);
  if (json["response"].is_discarded()) json["response"] = nullptr;
  return TextResponse(200, DumpJson(json));
}

Result<std::optional<std::string>> Choice(const RequestHead& head, const char* name,
                                          std::initializer_list<const char*> allowed) {
  auto value = head.QueryParam(name);
  if (!value) return std::optional<std::string>();
  std::string list;
  for (const char* option : allowed) {
    if (*value == option) return value;
    list += (list.empty() ? "" : ", ") + std::string(option);
  }
  return Status::InvalidArgument("invalid-request",
                                 "\"" + std::string(name) + "\" must be one of " + list);
}

Response ListLogs(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  const auto& head = call.request.head;
  auto page = ReadPage(head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  auto level = Choice(head, "level", {"error", "warning"});
  if (!level.ok()) return ErrorResponse(level.status(), endpoint->id);
  auto stage = Choice(head, "stage", {"request", "parsing", "storing", "mapping", "processing"});
  if (!stage.ok()) return ErrorResponse(stage.status(), endpoint->id);
  store::LogQuery query;
  if (*level) query.level = ParseIssueLevel(**level);
  if (*stage) query.domain = ParseIssueDomain(**stage);
  query.receipt_id = head.QueryParam("receipt");
  query.before_seq = page->after;
  query.limit = limit;
  auto logs = views.Logs(*endpoint, std::move(query));
  if (!logs.ok()) return ErrorResponse(logs.status(), endpoint->id);
  PageItems items(call.context.config.limits.page_bytes);
  for (const auto& stored : *logs) {
    const LogRow& log = stored.row;
    nlohmann::ordered_json item = {
        {"receiptId", stored.receipt_id.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(stored.receipt_id)},
        {"createdAt", FormatRfc3339Millis(stored.created_at_ms)},
        {"level", ToString(log.level)},
        {"stage", ToString(log.domain)},
        {"messageId", log.message_id},
        {"property",
         log.property ? nlohmann::ordered_json(*log.property) : nlohmann::ordered_json(nullptr)},
        {"count", log.count},
        {"rowIndexes", log.first_row_indexes},
        {"message", log.message}};
    if (!items.Add(DumpJson(item), stored.seq)) break;
  }
  std::optional<int64_t> next;
  if (static_cast<int>(logs->size()) == limit) next = logs->back().seq;
  return TextResponse(200, items.Body(next));
}

Response PurgeLogs(usecase::IngestionViews& views, Call& call) {
  auto endpoint = FindEndpoint(views, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  Status purged = views.PurgeLogs(*endpoint);
  if (!purged.ok()) return ErrorResponse(purged, endpoint->id);
  return JsonResponse(200, {{"id", endpoint->id}, {"purged", true}});
}

}  // namespace

std::vector<RouteDef> ViewRoutes(const ApiContext& context) {
  auto views = std::make_shared<usecase::IngestionViews>(context.store, context.store,
                                                         context.store, context.search,
                                                         context.profiles, context.processor);
  auto with = BindTo(views);
  return {
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/records",
       .access = Access::kRead,
       .handle = with(ListRecords)},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/records",
       .access = Access::kAdmin,
       .handle = with(ClearRecords)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/fields",
       .access = Access::kRead,
       .handle = with(ListFields)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/receipts",
       .access = Access::kRead,
       .handle = with(ListReceipts)},
      {.method = "GET",
       .pattern = "/api/v1/receipts/{receiptId}",
       .access = Access::kRead,
       .handle = with(GetReceipt)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/logs",
       .access = Access::kRead,
       .handle = with(ListLogs)},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/logs",
       .access = Access::kAdmin,
       .handle = with(PurgeLogs)},
  };
}

}  // namespace inlet::http
