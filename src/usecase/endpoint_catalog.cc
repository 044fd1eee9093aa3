#include "inlet/usecase/endpoint_catalog.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/processing/mapping.h"

namespace inlet::usecase {
namespace {

std::string LettersAndDigitsLowered(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

bool Restricted(const auth::Principal& caller) { return !caller.endpoint_ids.empty(); }

// What of the hierarchy a restricted token sees: the groups and sources that lead to its
// endpoints, counting only those (the others' names and numbers are not its business).
struct VisibleHierarchy {
  std::map<std::string, std::set<int64_t>> sources_by_group;  // group name -> source ids
  std::map<int64_t, int64_t> endpoints_by_source;             // source id -> endpoints
};

VisibleHierarchy HierarchyOf(const std::vector<store::Endpoint>& endpoints) {
  VisibleHierarchy visible;
  for (const auto& endpoint : endpoints) {
    visible.sources_by_group[endpoint.group_name].insert(endpoint.source_id);
    ++visible.endpoints_by_source[endpoint.source_id];
  }
  return visible;
}

}  // namespace

EndpointCatalog::EndpointCatalog(store::Store& store, processing::Processor& processor,
                                 FieldProfiles& profiles, store::SearchIndex& search)
    : store_(store), processor_(processor), profiles_(profiles), search_(search) {}

Result<std::string> EndpointCatalog::InitialMapping(const MappingChoice& choice,
                                                    const std::string& source) {
  if (choice.from_endpoint) {
    auto id = NormalizeUuid(*choice.from_endpoint);
    if (!id) {
      return Status::InvalidArgument("invalid-request",
                                     "\"mapping.fromEndpoint\" must be an endpoint id");
    }
    auto other = store_.GetEndpoint(*id);
    if (!other.ok()) {
      if (other.status().code() != StatusCode::kNotFound) return other.status();
      return Status::InvalidArgument(
          "invalid-request", "\"mapping.fromEndpoint\" names " + *id + ", which does not exist");
    }
    return other->mapping_json;
  }
  processing::Mapping mapping;
  mapping.entity_type = choice.entity_type;
  mapping.origin = choice.origin.value_or(source);
  if (choice.vocabulary_prefix) {
    mapping.vocabulary_prefix = *choice.vocabulary_prefix;
  } else {
    mapping.vocabulary_prefix =
        LettersAndDigitsLowered(source) + "." + LettersAndDigitsLowered(choice.entity_type);
    if (mapping.vocabulary_prefix.front() == '.') {
      return Status::InvalidArgument("invalid-request",
                                     "the source name has no letters or digits to make a "
                                     "vocabulary prefix from; give \"mapping.vocabularyPrefix\"");
    }
  }
  return processing::MappingToJson(mapping);
}

Status EndpointCatalog::MayCreate(const auth::Principal& caller) {
  return auth::AuthorizeUnrestricted(caller, "create endpoints");
}

Result<store::Endpoint> EndpointCatalog::Create(const auth::Principal& caller,
                                                const EndpointRequest& request) {
  INLET_RETURN_IF_ERROR(MayCreate(caller));
  store::NewEndpoint endpoint;
  endpoint.name = request.name;
  endpoint.source_name = request.source;
  endpoint.group_name = request.group;
  endpoint.mode = request.mode;
  INLET_ASSIGN_OR_RETURN(endpoint.mapping_json, InitialMapping(request.mapping, request.source));
  endpoint.id = NewUuidV4();
  endpoint.now_ms = NowUnixMillis();
  return store_.CreateEndpoint(endpoint);
}

Result<store::Endpoint> EndpointCatalog::Get(const std::string& endpoint_id) {
  return store_.GetEndpoint(endpoint_id);
}

Result<store::Endpoint> EndpointCatalog::Change(const std::string& endpoint_id,
                                                const store::EndpointChanges& changes) {
  if (changes.mode) {
    INLET_ASSIGN_OR_RETURN(auto current, store_.GetEndpoint(endpoint_id));
    INLET_RETURN_IF_ERROR(processor_.CheckIdle(current.key));
  }
  INLET_ASSIGN_OR_RETURN(auto endpoint, store_.UpdateEndpoint(endpoint_id, changes));
  // Records that waited in manual mode are processed once the endpoint turns automatic.
  if (endpoint.mode == ProcessingMode::kAutomatic) processor_.RecordsCommitted(endpoint.key);
  return endpoint;
}

Status EndpointCatalog::Delete(const std::string& endpoint_id, bool force) {
  INLET_ASSIGN_OR_RETURN(auto endpoint, store_.GetEndpoint(endpoint_id));
  if (force && endpoint.data_part_count > 0) {
    INLET_RETURN_IF_ERROR(processor_.RemoveAllParts(endpoint));
  } else {
    INLET_RETURN_IF_ERROR(processor_.CheckIdle(endpoint.key));
  }
  return profiles_.Reset(endpoint.key, [&] {
    INLET_RETURN_IF_ERROR(store_.DeleteEndpoint(endpoint_id, force));
    return search_.Drop(endpoint.key);
  });
}

Result<std::vector<store::Endpoint>> EndpointCatalog::EndpointsOf(const auth::Principal& caller) {
  // Read one by one: a token names a handful.
  std::vector<store::Endpoint> endpoints;
  for (const auto& id : caller.endpoint_ids) {
    auto endpoint = store_.GetEndpoint(id);
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

Result<std::vector<store::Endpoint>> EndpointCatalog::List(const auth::Principal& caller,
                                                           int64_t after_key, int limit) {
  if (!Restricted(caller)) return store_.ListEndpoints(after_key, limit);
  INLET_ASSIGN_OR_RETURN(auto endpoints, EndpointsOf(caller));
  std::vector<store::Endpoint> page;
  for (auto& endpoint : endpoints) {
    if (endpoint.key <= after_key) continue;
    if (static_cast<int>(page.size()) == limit) break;
    page.push_back(std::move(endpoint));
  }
  return page;
}

Result<std::vector<store::Group>> EndpointCatalog::Groups(const auth::Principal& caller) {
  INLET_ASSIGN_OR_RETURN(auto groups, store_.ListGroups());
  if (!Restricted(caller)) return groups;
  INLET_ASSIGN_OR_RETURN(auto endpoints, EndpointsOf(caller));
  const VisibleHierarchy visible = HierarchyOf(endpoints);
  std::vector<store::Group> seen;
  for (auto& group : groups) {
    auto it = visible.sources_by_group.find(group.name);
    if (it == visible.sources_by_group.end()) continue;
    group.source_count = static_cast<int64_t>(it->second.size());
    seen.push_back(std::move(group));
  }
  return seen;
}

Result<std::vector<store::Source>> EndpointCatalog::Sources(const auth::Principal& caller) {
  INLET_ASSIGN_OR_RETURN(auto sources, store_.ListSources());
  if (!Restricted(caller)) return sources;
  INLET_ASSIGN_OR_RETURN(auto endpoints, EndpointsOf(caller));
  const VisibleHierarchy visible = HierarchyOf(endpoints);
  std::vector<store::Source> seen;
  for (auto& source : sources) {
    auto it = visible.endpoints_by_source.find(source.id);
    if (it == visible.endpoints_by_source.end()) continue;
    source.endpoint_count = it->second;
    seen.push_back(std::move(source));
  }
  return seen;
}

}  // namespace inlet::usecase
