// Managing endpoints (SPEC §3): creating, changing and deleting them, and listing what a
// caller may see of endpoints, sources and groups.
//
// The caller (http/) has read the request into the types below; this is what follows:
// authorization beyond the scope, the new endpoint's mapping, waiting for no job, and
// on delete the order that leaves nothing behind (golden-record parts, field profile,
// store rows, search index). Calls may block on the store: run them off I/O threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/common/domain.h"
#include "inlet/common/status.h"
#include "inlet/processing/processor.h"
#include "inlet/store/search_index.h"
#include "inlet/store/store.h"
#include "inlet/usecase/field_profiles.h"

namespace inlet::usecase {

// The mapping a new endpoint starts with: a copy of another endpoint's, or a fresh one
// for an entity type.
struct MappingChoice {
  std::optional<std::string> from_endpoint;  // an endpoint id, as sent
  std::string entity_type;                   // checked by the caller (processing::IsEntityType)
  // Default: the source's and the entity type's letters and digits, lowered: "crm.customer".
  std::optional<std::string> vocabulary_prefix;
  std::optional<std::string> origin;  // default: the source name
};

struct EndpointRequest {
  std::string name;
  std::string source;  // found by name within the group, or created
  std::string group;   // found by name, or created
  ProcessingMode mode = ProcessingMode::kManual;
  MappingChoice mapping;
};

class EndpointCatalog {
 public:
  // Every argument must outlive this object.
  EndpointCatalog(store::Store& store, processing::Processor& processor, FieldProfiles& profiles,
                  store::SearchIndex& search);

  // kPermissionDenied for a token restricted to endpoints: the new one would lie outside
  // its list at once. Callers ask before reading the request.
  static Status MayCreate(const auth::Principal& caller);
  // MayCreate, then kInvalidArgument when the mapping to copy does not exist or no
  // vocabulary prefix can be made.
  Result<store::Endpoint> Create(const auth::Principal& caller, const EndpointRequest& request);

  Result<store::Endpoint> Get(const std::string& endpoint_id);

  // A new mode waits for no job to run on the endpoint (kConflict "job-running"); an
  // endpoint turned automatic has the records that waited processed.
  Result<store::Endpoint> Change(const std::string& endpoint_id,
                                 const store::EndpointChanges& changes);

  // Without `force`: kConflict while a job runs or when golden records hold its data.
  // With it, its parts leave their golden records first, as remove-records takes them out.
  Status Delete(const std::string& endpoint_id, bool force);

  // One page of the endpoints `caller` may see, by key, keys after `after_key`.
  Result<std::vector<store::Endpoint>> List(const auth::Principal& caller, int64_t after_key,
                                            int limit);
  // The groups and sources that lead to what `caller` may see, counting only that.
  Result<std::vector<store::Group>> Groups(const auth::Principal& caller);
  Result<std::vector<store::Source>> Sources(const auth::Principal& caller);

 private:
  Result<std::string> InitialMapping(const MappingChoice& choice, const std::string& source);
  // The endpoints a restricted token lists, by key; those deleted since are left out.
  Result<std::vector<store::Endpoint>> EndpointsOf(const auth::Principal& caller);

  store::Store& store_;
  processing::Processor& processor_;
  FieldProfiles& profiles_;
  store::SearchIndex& search_;
};

}  // namespace inlet::usecase
