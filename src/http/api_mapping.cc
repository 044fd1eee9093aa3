// /api/v1/endpoints/{id}/mapping (read, replace, reset, propose) and
// /api/v1/endpoints/{id}/clues/sample (SPEC §3.1, §4).
//
// Mappings are answered as MappingToJson writes them: every member, defaults explicit.
// Clues are spliced into answers as ClueToJson writes them, never re-parsed: their values
// are the records' exact source text (a JSON library would turn 1.50 into 1.5).
#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/processing/clue.h"
#include "inlet/processing/mapping.h"
#include "inlet/processing/mapping_proposal.h"

namespace inlet::http {
namespace {

constexpr int kDefaultSampleSize = 10;

Response TextResponse(int status, std::string body, const std::string& endpoint_id) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.endpoint_id = endpoint_id;
  return response;
}

// Stored mappings were written by MappingToJson, so one that does not parse is a bug or
// a damaged database, not the caller's mistake.
Result<processing::Mapping> StoredMapping(const store::Endpoint& endpoint) {
  auto mapping = processing::ParseMapping(endpoint.mapping_json);
  if (!mapping.ok()) {
    return Status::Internal("the stored mapping of endpoint " + endpoint.id +
                            " does not parse: " + mapping.status().message());
  }
  return mapping;
}

// Whether the endpoint's mapping may change right now. Every route that writes a mapping
// (PUT, DELETE, auto with ?apply=true) asks here first, so a state that forbids changes
// is refused in one place for all of them.
Status CheckMappingMayChange(const ApiContext& context, const store::Endpoint& endpoint) {
  return context.processor.CheckIdle(endpoint.key);
}

// Stores `mapping` and answers it as stored.
Response SaveMapping(Call& call, const store::Endpoint& endpoint,
                     const processing::Mapping& mapping) {
  store::EndpointChanges changes;
  changes.mapping_json = processing::MappingToJson(mapping);
  changes.now_ms = NowUnixMillis();
  auto updated = call.context.store.UpdateEndpoint(endpoint.id, changes);
  if (!updated.ok()) return ErrorResponse(updated.status(), endpoint.id);
  // An automatic endpoint processes under the new mapping (its records may have been
  // waiting for a complete one).
  if (updated->mode == ProcessingMode::kAutomatic) {
    call.context.processor.RecordsCommitted(updated->key);
  }
  return TextResponse(200, updated->mapping_json, endpoint.id);
}

Response GetMapping(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto mapping = StoredMapping(*endpoint);
  if (!mapping.ok()) return ErrorResponse(mapping.status(), endpoint->id);
  return TextResponse(200, processing::MappingToJson(*mapping), endpoint->id);
}

Response PutMapping(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto mapping = processing::ParseMapping(call.request.body);
  if (!mapping.ok()) return ErrorResponse(mapping.status(), endpoint->id);
  Status may_change = CheckMappingMayChange(call.context, *endpoint);
  if (!may_change.ok()) return ErrorResponse(may_change, endpoint->id);
  return SaveMapping(call, *endpoint, *mapping);
}

// Back to the mapping a new endpoint gets: its entity type, prefix and origin, nothing
// else. Golden records hold parts made under the current mapping, so a reset waits until
// they are removed.
Response ResetMapping(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto current = StoredMapping(*endpoint);
  if (!current.ok()) return ErrorResponse(current.status(), endpoint->id);
  Status may_change = CheckMappingMayChange(call.context, *endpoint);
  if (!may_change.ok()) return ErrorResponse(may_change, endpoint->id);
  if (endpoint->data_part_count > 0) {
    return ErrorResponse(
        Status::Conflict("mapping-has-data-parts",
                         "endpoint " + endpoint->id + " has " +
                             std::to_string(endpoint->data_part_count) +
                             " data parts in golden records made under this mapping; run POST "
                             "/api/v1/endpoints/" +
                             endpoint->id +
                             "/remove-records first, then reset the mapping (or change it "
                             "with PUT …/mapping)"),
        endpoint->id);
  }
  processing::Mapping initial;
  initial.entity_type = current->entity_type;
  initial.vocabulary_prefix = current->vocabulary_prefix;
  initial.origin = current->origin;
  return SaveMapping(call, *endpoint, initial);
}

std::vector<processing::FieldSummary> Summaries(const ingest::FieldProfile& profile) {
  std::vector<processing::FieldSummary> fields;
  for (const auto& [name, stats] : profile.fields()) {
    fields.push_back({.name = name,
                      .count = stats.count,
                      .empty_count = stats.empty_count,
                      .distinct_count = stats.distinct.Estimate(),
                      .distinct_approximate = stats.distinct.approximate(),
                      .samples = stats.samples});
  }
  return fields;
}

Response AutoMapping(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto apply = call.request.head.QueryParam("apply");
  if (apply && *apply != "true" && *apply != "false") {
    return ErrorResponse(
        Status::InvalidArgument("invalid-request", "\"apply\" must be \"true\" or \"false\""),
        endpoint->id);
  }
  auto current = StoredMapping(*endpoint);
  if (!current.ok()) return ErrorResponse(current.status(), endpoint->id);
  ingest::FieldProfile profile = call.context.profiles.Get(endpoint->key);
  if (profile.empty()) {
    return ErrorResponse(
        Status::Conflict("no-fields-seen",
                         "endpoint " + endpoint->id +
                             " has no stored records, so there are no fields to propose a "
                             "mapping from; send records to /upload/api/endpoint/" +
                             endpoint->id + " first, or write the mapping with PUT …/mapping"),
        endpoint->id);
  }
  processing::MappingProposal proposal =
      processing::ProposeMapping(*current, Summaries(profile), endpoint->record_count);
  if (apply == "true") {
    Status may_change = CheckMappingMayChange(call.context, *endpoint);
    if (!may_change.ok()) return ErrorResponse(may_change, endpoint->id);
    Response saved = SaveMapping(call, *endpoint, proposal.mapping);
    if (saved.status != 200) return saved;
  }
  return TextResponse(200, processing::ProposalToJson(proposal), endpoint->id);
}

// `?limit=`: 1..kMaxPageSize like a page, but a sample is small unless asked otherwise.
Result<int> SampleSize(const RequestHead& head) {
  if (!head.QueryParam("limit")) return kDefaultSampleSize;
  return PageSize(head);
}

// In a sample, a record that cannot be mapped stands in its place with why, as the
// processing log would record it.
std::string UnmappableItem(const store::Endpoint& endpoint, const store::StoredRecord& record,
                           const Status& status) {
  Issue issue;
  issue.message_id = status.message_id();
  issue.message = status.message();
  issue.domain = IssueDomain::kMapping;
  issue.row_index = record.row_index;
  nlohmann::ordered_json item = {{"recordId", record.id},
                                 {"errors", nlohmann::ordered_json::array({usecase::IssueToJson(
                                                issue, endpoint.id, record.receipt_id)})}};
  return DumpJson(item);
}

Response SampleClues(Call& call) {
  auto endpoint = EndpointParam(call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto limit = SampleSize(call.request.head);
  if (!limit.ok()) return ErrorResponse(limit.status(), endpoint->id);
  auto mapping = StoredMapping(*endpoint);
  if (!mapping.ok()) return ErrorResponse(mapping.status(), endpoint->id);
  Status complete = processing::CheckComplete(*mapping);
  if (!complete.ok()) return ErrorResponse(complete, endpoint->id);

  store::RecordQuery query;
  query.endpoint_key = endpoint->key;
  query.after_seq = 0;  // oldest first
  query.limit = *limit;
  auto records = call.context.store.ListRecords(query);
  if (!records.ok()) return ErrorResponse(records.status(), endpoint->id);
  std::string body = "{\"items\":[";
  for (size_t i = 0; i < records->size(); ++i) {
    const store::StoredRecord& record = (*records)[i];
    if (i) body.push_back(',');
    auto clue = processing::BuildClue(*mapping, record.data);
    if (!clue.ok()) {
      body += UnmappableItem(*endpoint, record, clue.status());
      continue;
    }
    // The clue's own members follow the record it came from.
    std::string json = processing::ClueToJson(*clue);
    body += "{\"recordId\":" + DumpJson(nlohmann::json(record.id)) + "," + json.substr(1);
  }
  body += "]}";
  return TextResponse(200, std::move(body), endpoint->id);
}

}  // namespace

std::vector<RouteDef> MappingRoutes(const ApiContext&) {
  return {
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kRead,
       .handle = GetMapping},
      {.method = "PUT",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kAdmin,
       .handle = PutMapping},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kAdmin,
       .handle = ResetMapping},
      {.method = "POST",
       .pattern = "/api/v1/endpoints/{id}/mapping/auto",
       .access = Access::kAdmin,
       .handle = AutoMapping},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/clues/sample",
       .access = Access::kRead,
       .handle = SampleClues},
  };
}

}  // namespace inlet::http
