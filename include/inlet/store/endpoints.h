// What the store keeps of groups, sources and endpoints (SPEC §3).
//
// Part of the Store (store.h): every method is safe to call from many threads at once, and
// failures are Status values as store.h describes. Nothing here names SQL or an engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/domain.h"
#include "inlet/common/status.h"

namespace inlet::store {

struct Group {
  int64_t id = 0;
  std::string name;
  int64_t created_at_ms = 0;
  int64_t source_count = 0;
};

struct Source {
  int64_t id = 0;
  std::string name;
  int64_t group_id = 0;
  std::string group_name;
  int64_t created_at_ms = 0;
  int64_t endpoint_count = 0;
};

struct Endpoint {
  std::string id;   // UUID, lower case; forms the POST URL
  int64_t key = 0;  // compact internal key; also the list cursor
  std::string name;
  int64_t source_id = 0;
  std::string source_name;
  std::string group_name;
  ProcessingMode mode = ProcessingMode::kManual;
  EndpointStatus status = EndpointStatus::kNoDataSent;
  std::string mapping_json;  // the mapping document of SPEC §4, as stored
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t record_count = 0;     // records in temporary storage (preview)
  int64_t data_part_count = 0;  // contributions to golden records
  // The highest record seq automatic processing has walked (0: none); a job over the
  // endpoint's new records starts after it.
  int64_t processed_through_seq = 0;
};

struct NewEndpoint {
  std::string id;  // chosen by the caller (a fresh UUID v4)
  std::string name;
  std::string source_name;  // found by name within the group, or created
  std::string group_name;   // found by name, or created
  ProcessingMode mode = ProcessingMode::kManual;
  std::string mapping_json;
  int64_t now_ms = 0;
};

// A different mapping also moves the processed watermark back to the start.
struct EndpointChanges {
  std::optional<std::string> name;
  std::optional<ProcessingMode> mode;
  std::optional<std::string> mapping_json;  // stored as given: the caller validates it
  int64_t now_ms = 0;
};

// Groups, sources and endpoints (SPEC §3).
class EndpointStore {
 public:
  virtual ~EndpointStore() = default;

  // --- groups, sources, endpoints ---
  // Creates the group and the source when they do not exist yet, all in one transaction.
  virtual Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) = 0;
  // kNotFound "endpoint-not-found" when unknown. `endpoint_id` must be normalized. An
  // admission look-up: it never waits for other, slower reads to finish.
  virtual Result<Endpoint> GetEndpoint(const std::string& endpoint_id) = 0;
  // Endpoints with key > after_key, by key, at most `limit`.
  virtual Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) = 0;
  virtual Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                          const EndpointChanges& changes) = 0;
  // kConflict "endpoint-has-processed-data" when it has data parts and !force. With
  // force, parts still left are deleted without recomputing their golden records: the
  // caller takes them out through the processing engine first. Records, receipts, logs
  // and jobs go with it.
  virtual Status DeleteEndpoint(const std::string& endpoint_id, bool force) = 0;
  virtual Result<std::vector<Group>> ListGroups() = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;
};

}  // namespace inlet::store
