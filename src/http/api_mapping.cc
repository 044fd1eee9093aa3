// /api/v1/endpoints/{id}/mapping (read, replace, reset, propose) and
// /api/v1/endpoints/{id}/clues/sample (SPEC §3.1, §4): the request read into
// usecase::Mappings calls, and the answers.
//
// Mappings are answered as MappingToJson writes them: every member, defaults explicit.
// Clues are spliced into answers as ClueToJson writes them, never re-parsed: their values
// are the records' exact source text (a JSON library would turn 1.50 into 1.5).
#include <memory>
#include <variant>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/http/errors.h"
#include "inlet/usecase/mappings.h"

namespace inlet::http {
namespace {

constexpr int kDefaultSampleSize = 10;

// The endpoint the first placeholder names.
Result<store::Endpoint> FindEndpoint(usecase::Mappings& mappings, const Call& call) {
  INLET_ASSIGN_OR_RETURN(auto id, EndpointIdParam(call));
  return mappings.FindEndpoint(id);
}

// A changed endpoint answers with its mapping as stored.
Response Saved(const Result<store::Endpoint>& updated, const std::string& endpoint_id) {
  if (!updated.ok()) return ErrorResponse(updated.status(), endpoint_id);
  return TextResponse(200, updated->mapping_json, endpoint_id);
}

Response GetMapping(usecase::Mappings& mappings, Call& call) {
  auto endpoint = FindEndpoint(mappings, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto mapping = mappings.Get(*endpoint);
  if (!mapping.ok()) return ErrorResponse(mapping.status(), endpoint->id);
  return TextResponse(200, processing::MappingToJson(*mapping), endpoint->id);
}

Response PutMapping(usecase::Mappings& mappings, Call& call) {
  auto endpoint = FindEndpoint(mappings, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto mapping = processing::ParseMapping(call.request.body);
  if (!mapping.ok()) return ErrorResponse(mapping.status(), endpoint->id);
  return Saved(mappings.Replace(*endpoint, *mapping), endpoint->id);
}

Response ResetMapping(usecase::Mappings& mappings, Call& call) {
  auto endpoint = FindEndpoint(mappings, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  return Saved(mappings.Reset(*endpoint), endpoint->id);
}

Response AutoMapping(usecase::Mappings& mappings, Call& call) {
  auto endpoint = FindEndpoint(mappings, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto apply = call.request.head.QueryParam("apply");
  if (apply && *apply != "true" && *apply != "false") {
    return ErrorResponse(
        Status::InvalidArgument("invalid-request", "\"apply\" must be \"true\" or \"false\""),
        endpoint->id);
  }
  auto proposal = mappings.Propose(*endpoint, apply == "true");
  if (!proposal.ok()) return ErrorResponse(proposal.status(), endpoint->id);
  return TextResponse(200, processing::ProposalToJson(*proposal), endpoint->id);
}

// `?limit=`: 1..kMaxPageSize like a page, but a sample is small unless asked otherwise.
Result<int> SampleSize(const RequestHead& head) {
  if (!head.QueryParam("limit")) return kDefaultSampleSize;
  return PageSize(head);
}

std::string SampleJson(const store::Endpoint& endpoint, const usecase::ClueSample& sample) {
  if (const auto* issue = std::get_if<Issue>(&sample.outcome)) {
    nlohmann::ordered_json item = {{"recordId", sample.record_id},
                                   {"errors", nlohmann::ordered_json::array({usecase::IssueToJson(
                                                  *issue, endpoint.id, sample.receipt_id)})}};
    return DumpJson(item);
  }
  // The clue's own members follow the record it came from.
  std::string clue = processing::ClueToJson(std::get<processing::Clue>(sample.outcome));
  return "{\"recordId\":" + DumpJson(nlohmann::json(sample.record_id)) + "," + clue.substr(1);
}

Response SampleClues(usecase::Mappings& mappings, Call& call) {
  auto endpoint = FindEndpoint(mappings, call);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status());
  auto limit = SampleSize(call.request.head);
  if (!limit.ok()) return ErrorResponse(limit.status(), endpoint->id);
  auto samples = mappings.SampleClues(*endpoint, *limit);
  if (!samples.ok()) return ErrorResponse(samples.status(), endpoint->id);
  std::string body = "{\"items\":[";
  for (size_t i = 0; i < samples->size(); ++i) {
    if (i) body.push_back(',');
    body += SampleJson(*endpoint, (*samples)[i]);
  }
  body += "]}";
  return TextResponse(200, std::move(body), endpoint->id);
}

}  // namespace

std::vector<RouteDef> MappingRoutes(const ApiContext& context) {
  auto mappings = std::make_shared<usecase::Mappings>(context.store, context.store,
                                                      context.profiles, context.processor);
  auto with = BindTo(mappings);
  return {
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kRead,
       .handle = with(GetMapping)},
      {.method = "PUT",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kAdmin,
       .handle = with(PutMapping)},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}/mapping",
       .access = Access::kAdmin,
       .handle = with(ResetMapping)},
      {.method = "POST",
       .pattern = "/api/v1/endpoints/{id}/mapping/auto",
       .access = Access::kAdmin,
       .handle = with(AutoMapping)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}/clues/sample",
       .access = Access::kRead,
       .handle = with(SampleClues)},
  };
}

}  // namespace inlet::http
