// Per-endpoint views of what ingestion kept (SPEC §3): preview records, receipts and
// logs, with their clear and purge.
//
// Stored records are JSON whose numbers keep their exact text; they are spliced into
// answers as they are, never through a JSON library that would turn numbers into
// doubles.
#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

std::string Quoted(const std::string& text) { return DumpJson(nlohmann::json(text)); }

Response TextResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// Records read at a time for a search's page, which may end long before `limit` large
// records.
constexpr size_t kSearchReadBatch = 16;

std::string RecordJson(const store::StoredRecord& record) {
  return "{\"id\":" + Quoted(record.id) +
         ",\"receiptId\":" + (record.receipt_id.empty() ? "null" : Quoted(record.receipt_id)) +
         ",\"receivedAt\":" + Quoted(FormatRfc3339Millis(record.received_at_ms)) +
         ",\"rowIndex\":" + std::to_string(record.row_index) + ",\"data\":" + record.data + "}";
}

Response ListRecords(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  const auto& head = call.request.head;
  auto page = ReadPage(head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  const std::optional<int64_t> after = page->after;
  auto lag = call.context.search.Lag(endpoint->key);
  if (!lag.ok()) return ErrorResponse(lag.status(), endpoint->id);
  const uint64_t max_bytes = call.context.config.limits.page_bytes;
  PageItems items(max_bytes);
  std::optional<int64_t> next;
  auto q = head.QueryParam("q");
  if (q && !q->empty()) {
    auto seqs = call.context.search.Search(endpoint->key, *q, after, limit);
    if (!seqs.ok()) return ErrorResponse(seqs.status(), endpoint->id);
    if (static_cast<int>(seqs->size()) == limit) next = seqs->back();
    for (size_t start = 0; start < seqs->size() && !items.full(); start += kSearchReadBatch) {
      std::vector<int64_t> batch(seqs->begin() + static_cast<std::ptrdiff_t>(start),
                                 seqs->begin() + static_cast<std::ptrdiff_t>(std::min(
                                                     start + kSearchReadBatch, seqs->size())));
      auto records = call.context.store.GetRecords(endpoint->key, batch);
      if (!records.ok()) return ErrorResponse(records.status(), endpoint->id);
      for (const auto& record : *records) {
        if (!items.Add(RecordJson(record), record.seq)) break;
      }
    }
  } else {
    store::RecordQuery query;
    query.endpoint_key = endpoint->key;
    query.receipt_id = head.QueryParam("receipt");
    query.before_seq = after;
    query.limit = limit;
    query.max_bytes = max_bytes;
    auto records = call.context.store.ListRecords(query);
    if (!records.ok()) return ErrorResponse(records.status(), endpoint->id);
    uint64_t data_bytes = 0;
    for (const auto& record : *records) data_bytes += record.data.size();
    // The store stopped early at the byte bound: there may be more after the last.
    if (!records->empty() &&
        (static_cast<int>(records->size()) == limit || data_bytes >= max_bytes)) {
      next = records->back().seq;
    }
    for (const auto& record : *records) {
      if (!items.Add(RecordJson(record), record.seq)) break;
    }
  }
  Response response = TextResponse(200, items.Body(next, ",\"indexLag\":" + std::to_string(*lag)));
  response.endpoint_id = endpoint->id;
  return response;
}

Response ClearRecords(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  Status idle = call.context.processor.CheckIdle(endpoint->key);
  if (!idle.ok()) return ErrorResponse(idle, endpoint->id);
  Status cleared = call.context.profiles.Reset(endpoint->key, [&] {
    INLET_RETURN_IF_ERROR(call.context.store.ClearRecords(endpoint->key));
    return call.context.search.Drop(endpoint->key);
  });
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
Response ListFields(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto limit = PageSize(call.request.head);
  if (!limit.ok()) return ErrorResponse(limit.status(), endpoint->id);
  usecase::FieldPage page = call.context.profiles.Page(
      endpoint->key, call.request.head.QueryParam("after"), static_cast<size_t>(*limit));
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
          {"goldenRecords", receipt.golden_records}};
}

Response ListReceipts(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  const std::optional<int64_t> after = page->after;
  auto receipts = call.context.store.ListReceipts(endpoint->key, after, limit);
  if (!receipts.ok()) return ErrorResponse(receipts.status(), endpoint->id);
  PageItems items(call.context.config.limits.page_bytes);
  for (const auto& receipt : *receipts) {
    if (!items.Add(DumpJson(ReceiptJson(receipt)), receipt.seq)) break;
  }
  std::optional<int64_t> next;
  if (static_cast<int>(receipts->size()) == limit) next = receipts->back().seq;
  return TextResponse(200, items.Body(next));
}

Response GetReceipt(Call& call) {
  auto id = NormalizeUuid(call.params[0]);
  if (!id) {
    return ErrorResponse(
        Status::NotFound("receipt-not-found", "\"" + call.params[0] + "\" is not a receipt id"));
  }
  auto receipt = call.context.store.GetReceipt(*id);
  if (!receipt.ok()) return ErrorResponse(receipt.status());
  Status allowed = auth::Authorize(*call.principal, auth::Scope::kRead, receipt->endpoint_id);
  if (!allowed.ok()) return ErrorResponse(allowed);
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

Response ListLogs(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  const auto& head = call.request.head;
  auto page = ReadPage(head);
  if (!page.ok()) return ErrorResponse(page.status(), endpoint->id);
  const int limit = page->limit;
  const std::optional<int64_t> after = page->after;
  auto level = Choice(head, "level", {"error", "warning"});
  if (!level.ok()) return ErrorResponse(level.status(), endpoint->id);
  auto stage = Choice(head, "stage", {"request", "parsing", "storing", "mapping", "processing"});
  if (!stage.ok()) return ErrorResponse(stage.status(), endpoint->id);
  store::LogQuery query;
  query.endpoint_key = endpoint->key;
  if (*level) query.level = ParseIssueLevel(**level);
  if (*stage) query.domain = ParseIssueDomain(**stage);
  query.receipt_id = head.QueryParam("receipt");
  query.before_seq = after;
  query.limit = limit;
  auto logs = call.context.store.ListLogs(query);
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

Response PurgeLogs(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  Status purged = call.context.store.PurgeLogs(endpoint->key);
  if (!purged.ok()) return ErrorResponse(purged, endpoint->id);
  return JsonResponse(200, {{"id", endpoint->id}, {"purged", true}});
}

}  // namespace

std::vector<RouteDef> ViewRoutes(const ApiContext&) {
  return {
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/records",
       .access = Access::kRead,
       .handle = ListRecords},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/records",
       .access = Access::kAdmin,
       .handle = ClearRecords},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/fields",
       .access = Access::kRead,
       .handle = ListFields},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/receipts",
       .access = Access::kRead,
       .handle = ListReceipts},
      {.method = "GET",
       .pattern = "/api/v1/receipts/{receiptId}",
       .access = Access::kRead,
       .handle = GetReceipt},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/logs",
       .access = Access::kRead,
       .handle = ListLogs},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/logs",
       .access = Access::kAdmin,
       .handle = PurgeLogs},
  };
}

}  // namespace inlet::http
