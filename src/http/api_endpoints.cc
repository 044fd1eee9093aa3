// /api/v1/endpoints (create, list, get, change, delete), /api/v1/groups, /api/v1/sources.
#include <memory>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/processing/mapping.h"
#include "inlet/usecase/endpoint_catalog.h"

namespace inlet::http {
namespace {

std::string PostUrl(const ApiContext& context, const std::string& endpoint_id) {
  return context.base_url + "/upload/api/endpoint/" + endpoint_id;
}

nlohmann::json EndpointJson(const ApiContext& context, const store::Endpoint& endpoint) {
  nlohmann::json mapping = nlohmann::json::parse(endpoint.mapping_json, nullptr, false);
  return {{"id", endpoint.id},
          {"name", endpoint.name},
          {"source", endpoint.source_name},
          {"group", endpoint.group_name},
          {"mode", std::string(ToString(endpoint.mode))},
          {"status", std::string(ToString(endpoint.status))},
          {"postUrl", PostUrl(context, endpoint.id)},
          {"recordCount", endpoint.record_count},
          {"dataPartCount", endpoint.data_part_count},
          {"createdAt", FormatRfc3339Millis(endpoint.created_at_ms)},
          {"updatedAt", FormatRfc3339Millis(endpoint.updated_at_ms)},
          {"mapping", mapping.is_discarded() ? nlohmann::json(nullptr) : mapping}};
}

// How to call the new endpoint, for the person who just created it.
nlohmann::json Instructions(const ApiContext& context, const store::Endpoint& endpoint) {
  const auto& limits = context.config.limits;
  std::string url = PostUrl(context, endpoint.id);
  return {
      {"url", url},
      {"method", "POST"},
      {"headers",
       {{"Authorization", "Bearer <token with the ingest scope>"},
        {"Content-Type", "application/json"}}},
      {"accepts",
       {"a JSON array of objects, one object per record", "a single JSON object (one record)",
        "an object {\"records\": [...]}",
        "NDJSON (Content-Type: application/x-ndjson), one object per line",
        "Content-Encoding: gzip or deflate"}},
      {"limits",
       {{"bodyBytes", limits.body_wire_bytes},
        {"decodedBodyBytes", limits.body_decoded_bytes},
        {"records", limits.max_records},
        {"columns", limits.max_columns},
        {"propertyNameLength", limits.max_name_length},
        {"depth", limits.max_depth}}},
      {"curl", "curl -X POST '" + url +
                   "' -H 'Authorization: Bearer $INLET_TOKEN' -H 'Content-Type: application/json' "
                   "--data-binary @records.json"},
  };
}

// The "mapping" member of a new endpoint: {"entityType", "vocabularyPrefix"?, "origin"?},
// or {"fromEndpoint"} to copy another endpoint's.
Result<usecase::MappingChoice> ReadMappingChoice(const nlohmann::json& choice) {
  if (!choice.is_object()) {
    return Status::InvalidArgument("invalid-request",
                                   "\"mapping\" must be {\"entityType\": \"/Customer\"} or "
                                   "{\"fromEndpoint\": \"<endpoint id>\"}");
  }
  usecase::MappingChoice read;
  if (choice.contains("fromEndpoint")) {
    INLET_RETURN_IF_ERROR(CheckMembers(choice, {"fromEndpoint"}));
    const auto& from = choice["fromEndpoint"];
    if (!from.is_string()) {
      return Status::InvalidArgument("invalid-request",
                                     "\"mapping.fromEndpoint\" must be an endpoint id");
    }
    read.from_endpoint = from.get<std::string>();
    return read;
  }
  INLET_RETURN_IF_ERROR(CheckMembers(choice, {"entityType", "vocabularyPrefix", "origin"}));
  if (!choice.contains("entityType") || !choice["entityType"].is_string() ||
      !processing::IsEntityType(choice["entityType"].get<std::string>())) {
    return Status::InvalidArgument(
        "invalid-request", "\"mapping.entityType\" must be an entity type such as \"/Customer\"");
  }
  read.entity_type = choice["entityType"].get<std::string>();
  for (auto [member, target] :
       {std::pair{"vocabularyPrefix", &read.vocabulary_prefix}, {"origin", &read.origin}}) {
    if (!choice.contains(member)) continue;
    if (!choice[member].is_string() || choice[member].get<std::string>().empty()) {
      return Status::InvalidArgument(
          "invalid-request", "\"mapping." + std::string(member) + "\" must be a non-empty string");
    }
    *target = choice[member].get<std::string>();
  }
  return read;
}

Result<std::string> RequiredString(const nlohmann::json& body, const char* member) {
  if (!body.contains(member) || !body[member].is_string() ||
      body[member].get<std::string>().empty()) {
    return Status::InvalidArgument(
        "invalid-request", std::string("\"") + member + "\" is required: a non-empty string");
  }
  return body[member].get<std::string>();
}

Result<ProcessingMode> ReadMode(const nlohmann::json& value) {
  auto mode = value.is_string() ? ParseProcessingMode(value.get<std::string>()) : std::nullopt;
  if (!mode) {
    return Status::InvalidArgument("invalid-request",
                                   "\"mode\" must be \"manual\", \"automatic\" or \"bridge\"");
  }
  return *mode;
}

Result<usecase::EndpointRequest> ReadEndpointRequest(const std::string& text) {
  INLET_ASSIGN_OR_RETURN(auto body, ParseJsonObject(text));
  INLET_RETURN_IF_ERROR(CheckMembers(body, {"name", "source", "group", "mapping", "mode"}));
  usecase::EndpointRequest request;
  for (auto [member, target] :
       {std::pair{"name", &request.name}, {"source", &request.source}, {"group", &request.group}}) {
    INLET_ASSIGN_OR_RETURN(*target, RequiredString(body, member));
  }
  if (body.contains("mode")) {
    INLET_ASSIGN_OR_RETURN(request.mode, ReadMode(body["mode"]));
  }
  if (!body.contains("mapping")) {
    return Status::InvalidArgument("invalid-request",
                                   "\"mapping\" is required: {\"entityType\": \"/Customer\"} or "
                                   "{\"fromEndpoint\": \"<endpoint id>\"}");
  }
  INLET_ASSIGN_OR_RETURN(request.mapping, ReadMappingChoice(body["mapping"]));
  return request;
}

Response CreateEndpoint(usecase::EndpointCatalog& catalog, Call& call) {
  Status allowed = usecase::EndpointCatalog::MayCreate(*call.principal);
  if (!allowed.ok()) return ErrorResponse(allowed);
  auto request = ReadEndpointRequest(call.request.body);
  if (!request.ok()) return ErrorResponse(request.status());
  auto created = catalog.Create(*call.principal, *request);
  if (!created.ok()) return ErrorResponse(created.status());
  nlohmann::json json = EndpointJson(call.context, *created);
  json["instructions"] = Instructions(call.context, *created);
  Response response = JsonResponse(201, json);
  response.endpoint_id = created->id;
  response.headers.Set("Location", "/api/v1/endpoints/" + created->id);
  return response;
}

Response GetEndpoint(usecase::EndpointCatalog& catalog, Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto endpoint = catalog.Get(*id);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  // One endpoint's answer says how to send to it, as its creation did (SPEC §9).
  nlohmann::json json = EndpointJson(call.context, *endpoint);
  json["instructions"] = Instructions(call.context, *endpoint);
  Response response = JsonResponse(200, json);
  response.endpoint_id = *id;
  return response;
}

Response ListEndpoints(usecase::EndpointCatalog& catalog, Call& call) {
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  const int limit = page->limit;
  auto endpoints = catalog.List(*call.principal, page->after.value_or(0), limit);
  if (!endpoints.ok()) return ErrorResponse(endpoints.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& endpoint : *endpoints) items.push_back(EndpointJson(call.context, endpoint));
  nlohmann::json next = nullptr;
  if (static_cast<int>(endpoints->size()) == limit) {
    next = std::to_string(endpoints->back().key);
  }
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

Result<store::EndpointChanges> ReadEndpointChanges(const std::string& text) {
  INLET_ASSIGN_OR_RETURN(auto body, ParseJsonObject(text));
  INLET_RETURN_IF_ERROR(CheckMembers(body, {"name", "mode"}));
  store::EndpointChanges changes;
  if (body.contains("name")) {
    INLET_ASSIGN_OR_RETURN(changes.name, RequiredString(body, "name"));
  }
  if (body.contains("mode")) {
    INLET_ASSIGN_OR_RETURN(changes.mode, ReadMode(body["mode"]));
  }
  changes.now_ms = NowUnixMillis();
  return changes;
}

Response ChangeEndpoint(usecase::EndpointCatalog& catalog, Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto changes = ReadEndpointChanges(call.request.body);
  if (!changes.ok()) return ErrorResponse(changes.status(), *id);
  auto endpoint = catalog.Change(*id, *changes);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  Response response = JsonResponse(200, EndpointJson(call.context, *endpoint));
  response.endpoint_id = *id;
  return response;
}

Response DeleteEndpoint(usecase::EndpointCatalog& catalog, Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  const bool force = call.request.head.QueryParam("force").value_or("") == "true";
  Status deleted = catalog.Delete(*id, force);
  if (!deleted.ok()) return ErrorResponse(deleted, *id);
  Response response = JsonResponse(200, {{"id", *id}, {"deleted", true}});
  response.endpoint_id = *id;
  return response;
}

Response ListGroups(usecase::EndpointCatalog& catalog, Call& call) {
  auto groups = catalog.Groups(*call.principal);
  if (!groups.ok()) return ErrorResponse(groups.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& group : *groups) {
    items.push_back({{"id", group.id},
                     {"name", group.name},
                     {"createdAt", FormatRfc3339Millis(group.created_at_ms)},
                     {"sourceCount", group.source_count}});
  }
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

Response ListSources(usecase::EndpointCatalog& catalog, Call& call) {
  auto sources = catalog.Sources(*call.principal);
  if (!sources.ok()) return ErrorResponse(sources.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& source : *sources) {
    items.push_back({{"id", source.id},
                     {"name", source.name},
                     {"group", source.group_name},
                     {"createdAt", FormatRfc3339Millis(source.created_at_ms)},
                     {"endpointCount", source.endpoint_count}});
  }
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

}  // namespace

std::vector<RouteDef> CatalogRoutes(const ApiContext& context) {
  auto catalog = std::make_shared<usecase::EndpointCatalog>(context.store, context.processor,
                                                            context.profiles, context.search);
  auto with = BindTo(catalog);
  return {
      {.method = "POST",
       .pattern = "/api/v1/endpoints",
       .access = Access::kAdmin,
       .handle = with(CreateEndpoint)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints",
       .access = Access::kRead,
       .handle = with(ListEndpoints)},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kRead,
       .handle = with(GetEndpoint)},
      {.method = "PATCH",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kAdmin,
       .handle = with(ChangeEndpoint)},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kAdmin,
       .handle = with(DeleteEndpoint)},
      {.method = "GET",
       .pattern = "/api/v1/groups",
       .access = Access::kRead,
       .handle = with(ListGroups)},
      {.method = "GET",
       .pattern = "/api/v1/sources",
       .access = Access::kRead,
       .handle = with(ListSources)},
  };
}

}  // namespace inlet::http
