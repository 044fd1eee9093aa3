// The store: everything inlet keeps, behind an interface that never shows SQL.
//
// The SQLite implementation (sqlite_store.h) is the embedded default; another engine can
// implement this interface later. Every method is safe to call from many threads at
// once. Failures come back as Status values: kNotFound with a message id naming what was
// missing, kConflict when the current state forbids the change, kUnavailable when the
// database cannot be reached or written (disk full, locked past the busy timeout), and
// kInternal for anything else. Messages carry context but never SQL text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/domain.h"
#include "inlet/common/status.h"

namespace inlet::store {

struct TokenRecord {
  std::string id;  // UUID, lower case
  std::string name;
  Sha256Digest secret_hash{};       // SHA-256 of the secret; the secret itself is never kept
  std::vector<std::string> scopes;  // "ingest", "read", "admin"
  std::vector<std::string> endpoint_ids;  // empty: every endpoint
  int64_t created_at_ms = 0;
  std::optional<int64_t> expires_at_ms;
  std::optional<int64_t> revoked_at_ms;
};

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
  std::string id;  // UUID, lower case; forms the POST URL
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

struct EndpointChanges {
  std::optional<std::string> name;
  std::optional<ProcessingMode> mode;
  int64_t now_ms = 0;
};

// What the store reports about itself at start and on /readyz.
struct StoreInfo {
  std::string engine;        // "sqlite"
  std::string location;      // the database file
  std::string journal_mode;  // effective, as the engine reports it ("wal")
  std::string synchronous;   // effective ("full" or "normal")
  int schema_version = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- tokens ---
  virtual Status InsertToken(const TokenRecord& token) = 0;
  // nullopt when no token has this hash (revoked and expired ones are still returned;
  // the caller decides).
  virtual Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) = 0;
  virtual Result<std::vector<TokenRecord>> ListTokens() = 0;
  // kNotFound "token-not-found" when unknown; revoking twice keeps the first time.
  virtual Status RevokeToken(const std::string& token_id, int64_t now_ms) = 0;
  virtual Result<int64_t> CountTokens() = 0;

  // --- groups, sources, endpoints ---
  // Creates the group and the source when they do not exist yet, all in one transaction.
  virtual Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) = 0;
  // kNotFound "endpoint-not-found" when unknown. `endpoint_id` must be normalized.
  virtual Result<Endpoint> GetEndpoint(const std::string& endpoint_id) = 0;
  // Endpoints with key > after_key, by key, at most `limit`.
  virtual Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) = 0;
  virtual Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                          const EndpointChanges& changes) = 0;
  // kConflict "endpoint-has-processed-data" when it has data parts and !force; with
  // force, its data parts go first. Records, receipts and logs go with it.
  virtual Status DeleteEndpoint(const std::string& endpoint_id, bool force) = 0;
  virtual Result<std::vector<Group>> ListGroups() = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;

  // --- operations ---
  // Ok when the database answers and accepts a write right now.
  virtual Status CheckWritable() = 0;
  virtual StoreInfo Info() const = 0;
};

}  // namespace inlet::store
