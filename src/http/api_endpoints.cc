// /api/v1/endpoints (create, list, get, change, delete), /api/v1/groups, /api/v1/sources.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "http/route_params.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"
#include "inlet/processing/mapping.h"

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

std::string LettersAndDigitsLowered(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

// The mapping document of SPEC §4 for a new endpoint, from {"entityType",
// "vocabularyPrefix"?, "origin"?}, or a copy of another endpoint's from {"fromEndpoint"}.
Result<std::string> InitialMapping(ApiContext& context, const nlohmann::json& choice,
                                   const std::string& source) {
  if (!choice.is_object()) {
    return Status::InvalidArgument("invalid-request",
                                   "\"mapping\" must be {\"entityType\": \"/Customer\"} or "
                                   "{\"fromEndpoint\": \"<endpoint id>\"}");
  }
  if (choice.contains("fromEndpoint")) {
    INLET_RETURN_IF_ERROR(CheckMembers(choice, {"fromEndpoint"}));
    const auto& from = choice["fromEndpoint"];
    auto id = from.is_string() ? NormalizeUuid(from.get<std::string>()) : std::nullopt;
    if (!id) {
      return Status::InvalidArgument("invalid-request",
                                     "\"mapping.fromEndpoint\" must be an endpoint id");
    }
    auto other = context.store.GetEndpoint(*id);
    if (!other.ok()) {
      if (other.status().code() != StatusCode::kNotFound) return other.status();
      return Status::InvalidArgument(
          "invalid-request", "\"mapping.fromEndpoint\" names " + *id + ", which does not exist");
    }
    return other->mapping_json;
  }
  INLET_RETURN_IF_ERROR(CheckMembers(choice, {"entityType", "vocabularyPrefix", "origin"}));
  if (!choice.contains("entityType") || !choice["entityType"].is_string() ||
      !processing::IsEntityType(choice["entityType"].get<std::string>())) {
    return Status::InvalidArgument(
        "invalid-request", "\"mapping.entityType\" must be an entity type such as \"/Customer\"");
  }
  std::string entity_type = choice["entityType"].get<std::string>();
  std::string prefix = LettersAndDigitsLowered(source) + "." + LettersAndDigitsLowered(entity_type);
  if (choice.contains("vocabularyPrefix")) {
    if (!choice["vocabularyPrefix"].is_string() ||
        choice["vocabularyPrefix"].get<std::string>().empty()) {
      return Status::InvalidArgument("invalid-request",
                                     "\"mapping.vocabularyPrefix\" must be a non-empty string");
    }
    prefix = choice["vocabularyPrefix"].get<std::string>();
  } else if (prefix.front() == '.') {
    return Status::InvalidArgument("invalid-request",
                                   "the source name has no letters or digits to make a vocabulary "
                                   "prefix from; give \"mapping.vocabularyPrefix\"");
  }
  std::string origin = source;
  if (choice.contains("origin")) {
    if (!choice["origin"].is_string() || choice["origin"].get<std::string>().empty()) {
      return Status::InvalidArgument("invalid-request",
                                     "\"mapping.origin\" must be a non-empty string");
    }
    origin = choice["origin"].get<std::string>();
  }
  processing::Mapping mapping;
  mapping.entity_type = entity_type;
  mapping.vocabulary_prefix = prefix;
  mapping.origin = origin;
  return processing::MappingToJson(mapping);
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

Response CreateEndpoint(Call& call) {
  // A new endpoint would lie outside the token's own list at once.
  Status unrestricted = auth::AuthorizeUnrestricted(*call.principal, "create endpoints");
  if (!unrestricted.ok()) return ErrorResponse(unrestricted);
  auto body = ParseJsonObject(call.request.body);
  if (!body.ok()) return ErrorResponse(body.status());
  Status members = CheckMembers(*body, {"name", "source", "group", "mapping", "mode"});
  if (!members.ok()) return ErrorResponse(members);
  store::NewEndpoint endpoint;
  for (auto [member, target] : {std::pair{"name", &endpoint.name},
                                {"source", &endpoint.source_name},
                                {"group", &endpoint.group_name}}) {
    auto value = RequiredString(*body, member);
    if (!value.ok()) return ErrorResponse(value.status());
    *target = std::move(value.value());
  }
  if (body->contains("mode")) {
    auto mode = ReadMode((*body)["mode"]);
    if (!mode.ok()) return ErrorResponse(mode.status());
    endpoint.mode = *mode;
  }
  if (!body->contains("mapping")) {
    return ErrorResponse(
        Status::InvalidArgument("invalid-request",
                                "\"mapping\" is required: {\"entityType\": \"/Customer\"} or "
                                "{\"fromEndpoint\": \"<endpoint id>\"}"));
  }
  auto mapping = InitialMapping(call.context, (*body)["mapping"], endpoint.source_name);
  if (!mapping.ok()) return ErrorResponse(mapping.status());
  endpoint.mapping_json = std::move(mapping.value());
  endpoint.id = NewUuidV4();
  endpoint.now_ms = NowUnixMillis();
  auto created = call.context.store.CreateEndpoint(endpoint);
  if (!created.ok()) return ErrorResponse(created.status());
  nlohmann::json json = EndpointJson(call.context, *created);
  json["instructions"] = Instructions(call.context, *created);
  Response response = JsonResponse(201, json);
  response.endpoint_id = created->id;
  response.headers.Set("Location", "/api/v1/endpoints/" + created->id);
  return response;
}

Response GetEndpoint(Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto endpoint = call.context.store.GetEndpoint(*id);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  Response response = JsonResponse(200, EndpointJson(call.context, *endpoint));
  response.endpoint_id = *id;
  return response;
}

// The endpoints a restricted token lists, by key; those deleted since are left out. Read
// one by one: a token names a handful.
Result<std::vector<store::Endpoint>> EndpointsOf(Call& call) {
  std::vector<store::Endpoint> endpoints;
  for (const auto& id : call.principal->endpoint_ids) {
    auto endpoint = call.context.store.GetEndpoint(id);
    if (!endpoint.ok()) {
      if (endpoint.status().code() == StatusCode::kNotFound) continue;
      return endpoint.status();
    }
    endpoints.push_back(std::move(*endpoint));
  }
  std::sort(endpoints.begin(), endpoints.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  return endpoints;
}

bool Restricted(const Call& call) { return !call.principal->endpoint_ids.empty(); }

// One page of the endpoints the caller may see, keys after `after`.
Result<std::vector<store::Endpoint>> VisibleEndpoints(Call& call, int64_t after, int limit) {
  if (!Restricted(call)) return call.context.store.ListEndpoints(after, limit);
  INLET_ASSIGN_OR_RETURN(auto endpoints, EndpointsOf(call));
  std::vector<store::Endpoint> page;
  for (auto& endpoint : endpoints) {
    if (endpoint.key <= after) continue;
    if (static_cast<int>(page.size()) == limit) break;
    page.push_back(std::move(endpoint));
  }
  return page;
}

Response ListEndpoints(Call& call) {
  auto page = ReadPage(call.request.head);
  if (!page.ok()) return ErrorResponse(page.status());
  const int limit = page->limit;
  const std::optional<int64_t> after = page->after;
  auto endpoints = VisibleEndpoints(call, after.value_or(0), limit);
  if (!endpoints.ok()) return ErrorResponse(endpoints.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& endpoint : *endpoints) items.push_back(EndpointJson(call.context, endpoint));
  nlohmann::json next = nullptr;
  if (static_cast<int>(endpoints->size()) == limit) {
    next = std::to_string(endpoints->back().key);
  }
  return JsonResponse(200, {{"items", items}, {"next", next}});
}

Response ChangeEndpoint(Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  auto body = ParseJsonObject(call.request.body);
  if (!body.ok()) return ErrorResponse(body.status(), *id);
  Status members = CheckMembers(*body, {"name", "mode"});
  if (!members.ok()) return ErrorResponse(members, *id);
  store::EndpointChanges changes;
  if (body->contains("name")) {
    auto name = RequiredString(*body, "name");
    if (!name.ok()) return ErrorResponse(name.status(), *id);
    changes.name = *name;
  }
  if (body->contains("mode")) {
    auto mode = ReadMode((*body)["mode"]);
    if (!mode.ok()) return ErrorResponse(mode.status(), *id);
    changes.mode = *mode;
  }
  changes.now_ms = NowUnixMillis();
  if (changes.mode) {
    auto current = call.context.store.GetEndpoint(*id);
    if (!current.ok()) return ErrorResponse(current.status(), *id);
    Status idle = call.context.processor.CheckIdle(current->key);
    if (!idle.ok()) return ErrorResponse(idle, *id);
  }
  auto endpoint = call.context.store.UpdateEndpoint(*id, changes);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  // Records that waited in manual mode are processed once the endpoint turns automatic.
  if (endpoint->mode == ProcessingMode::kAutomatic) {
    call.context.processor.RecordsCommitted(endpoint->key);
  }
  Response response = JsonResponse(200, EndpointJson(call.context, *endpoint));
  response.endpoint_id = *id;
  return response;
}

Response DeleteEndpoint(Call& call) {
  auto id = EndpointIdParam(call);
  if (!id.ok()) return ErrorResponse(id.status());
  bool force = call.request.head.QueryParam("force").value_or("") == "true";
  auto endpoint = call.context.store.GetEndpoint(*id);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  if (force && endpoint->data_part_count > 0) {
    // The parts leave their golden records the way remove-records takes them out.
    Status removed = call.context.processor.RemoveAllParts(*endpoint);
    if (!removed.ok()) return ErrorResponse(removed, *id);
  } else {
    Status idle = call.context.processor.CheckIdle(endpoint->key);
    if (!idle.ok()) return ErrorResponse(idle, *id);
  }
  Status deleted = call.context.profiles.Reset(endpoint->key, [&] {
    INLET_RETURN_IF_ERROR(call.context.store.DeleteEndpoint(*id, force));
    return call.context.search.Drop(endpoint->key);
  });
  if (!deleted.ok()) return ErrorResponse(deleted, *id);
  Response response = JsonResponse(200, {{"id", *id}, {"deleted", true}});
  response.endpoint_id = *id;
  return response;
}

// What of the hierarchy a restricted token sees: the groups and sources that lead to its
// endpoints, counting only those (the others' names and numbers are not its business).
struct VisibleHierarchy {
  std::map<std::string, std::set<int64_t>> sources_by_group;  // group name -> source ids
  std::map<int64_t, int64_t> endpoints_by_source;             // source id -> endpoints
};

Result<VisibleHierarchy> HierarchyOf(Call& call) {
  INLET_ASSIGN_OR_RETURN(auto endpoints, EndpointsOf(call));
  VisibleHierarchy visible;
  for (const auto& endpoint : endpoints) {
    visible.sources_by_group[endpoint.group_name].insert(endpoint.source_id);
    ++visible.endpoints_by_source[endpoint.source_id];
  }
  return visible;
}

Response ListGroups(Call& call) {
  auto groups = call.context.store.ListGroups();
  if (!groups.ok()) return ErrorResponse(groups.status());
  std::optional<VisibleHierarchy> visible;
  if (Restricted(call)) {
    auto hierarchy = HierarchyOf(call);
    if (!hierarchy.ok()) return ErrorResponse(hierarchy.status());
    visible = std::move(*hierarchy);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& group : *groups) {
    int64_t source_count = group.source_count;
    if (visible) {
      auto it = visible->sources_by_group.find(group.name);
      if (it == visible->sources_by_group.end()) continue;
      source_count = static_cast<int64_t>(it->second.size());
    }
    items.push_back({{"id", group.id},
                     {"name", group.name},
                     {"createdAt", FormatRfc3339Millis(group.created_at_ms)},
                     {"sourceCount", source_count}});
  }
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

Response ListSources(Call& call) {
  auto sources = call.context.store.ListSources();
  if (!sources.ok()) return ErrorResponse(sources.status());
  std::optional<VisibleHierarchy> visible;
  if (Restricted(call)) {
    auto hierarchy = HierarchyOf(call);
    if (!hierarchy.ok()) return ErrorResponse(hierarchy.status());
    visible = std::move(*hierarchy);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& source : *sources) {
    int64_t endpoint_count = source.endpoint_count;
    if (visible) {
      auto it = visible->endpoints_by_source.find(source.id);
      if (it == visible->endpoints_by_source.end()) continue;
      endpoint_count = it->second;
    }
    items.push_back({{"id", source.id},
                     {"name", source.name},
                     {"group", source.group_name},
                     {"createdAt", FormatRfc3339Millis(source.created_at_ms)},
                     {"endpointCount", endpoint_count}});
  }
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

}  // namespace

std::vector<RouteDef> CatalogRoutes(const ApiContext&) {
  return {
      {.method = "POST",
       .pattern = "/api/v1/endpoints",
       .access = Access::kAdmin,
       .handle = CreateEndpoint},
      {.method = "GET",
       .pattern = "/api/v1/endpoints",
       .access = Access::kRead,
       .handle = ListEndpoints},
      {.method = "GET",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kRead,
       .handle = GetEndpoint},
      {.method = "PATCH",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kAdmin,
       .handle = ChangeEndpoint},
      {.method = "DELETE",
       .pattern = "/api/v1/endpoints/{id}",
       .access = Access::kAdmin,
       .handle = DeleteEndpoint},
      {.method = "GET", .pattern = "/api/v1/groups", .access = Access::kRead, .handle = ListGroups},
      {.method = "GET",
       .pattern = "/api/v1/sources",
       .access = Access::kRead,
       .handle = ListSources},
  };
}

}  // namespace inlet::http
