// The server's configuration: one struct with a default for every field, filled from
// (in rising precedence) the defaults, a JSON file with comments, INLET_* environment
// variables and command-line flags. All three sources share one table of keys, so a
// key documented in config/inlet.json exists everywhere under the same name.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "inlet/common/status.h"

namespace inlet::config {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8888;  // 0 picks a free port (tests)
  int threads = 2;       // I/O worker threads
  int max_connections = 10000;
  uint64_t header_limit_bytes = 64 * 1024;
  int read_timeout_ms = 30000;       // between bytes of a request, not for all of it
  int idle_timeout_ms = 60000;       // keep-alive connection with no request
  int header_deadline_ms = 10000;    // a whole request head, and anything refused
  int request_deadline_ms = 600000;  // a whole admitted request, from its first byte
  int shutdown_deadline_ms = 30000;  // to finish requests in flight on SIGTERM
  std::string public_url;            // base of postUrl; empty: http://host:port
  std::string cors_origins;          // browser origins allowed, comma-separated (CorsOrigins)
  std::string tls_certificate;       // PEM paths; both or neither
  std::string tls_private_key;
  std::string tls_min_version = "1.2";  // "1.2" | "1.3"
  std::string tls_client_ca;            // PEM; set: client certificates are required
};

struct LimitsConfig {
  uint64_t body_wire_bytes = 64ull << 20;
  uint64_t body_decoded_bytes = 256ull << 20;
  uint64_t inflight_body_bytes = 512ull << 20;
  int64_t max_records = 100000;
  int max_columns = 490;
  int max_name_length = 250;
  int max_depth = 64;
  int max_issues = 1000;             // per list in a response
  int profile_fields = 2000;         // field names profiled per endpoint
  uint64_t page_bytes = 4ull << 20;  // largest list answer of the management API
  int change_waits = 1000;           // long polls of the change feed waiting at once
  int exports = 4;                   // exports of golden records running at once
};

struct StoreConfig {
  std::string backend = "sqlite";  // "sqlite" | "postgres"
  std::string postgres_url;        // store.backend postgres: a libpq URI
  int pool_size = 8;               // PostgreSQL connections per node
  std::string data_dir = "./data";
  std::string synchronous = "full";  // "full" | "normal"
  int busy_timeout_ms = 5000;
};

struct LogConfig {
  std::string level = "info";   // trace | debug | info | warn | error | critical | off
  std::string format = "text";  // text | json
};

struct RetentionConfig {
  int days = 30;  // receipts and logs
  int idempotency_hours = 24;
  int changes_days = 7;  // the change feed (SPEC §11)
};

struct ProcessingConfig {
  int start_delay_ms = 200;  // automatic mode: from a commit to its job
  int slice_ms = 20;         // how long a job may keep a waiting commit waiting
  int lease_ms = 10000;      // store.backend postgres: a job's lease on its node
};

struct Config {
  ServerConfig server;
  LimitsConfig limits;
  StoreConfig store;
  LogConfig log;
  RetentionConfig retention;
  ProcessingConfig processing;
};

// Reads a JSON file (// and /* */ comments allowed) over `config`. Unknown keys, wrong
// types and out-of-range values are errors that name the key and the file.
Status LoadFile(const std::string& path, Config& config);

// Applies INLET_<SECTION>_<KEY> variables (e.g. INLET_SERVER_PORT,
// INLET_STORE_DATA_DIR) from `environment` (name → value).
Status ApplyEnvironment(const std::map<std::string, std::string>& environment, Config& config);

// Sets one key by its dotted name ("server.port") from text, as flags and environment
// variables do. Errors name the key and say what was expected.
Status SetByName(const std::string& dotted_key, const std::string& value, Config& config);

// Checks the whole configuration for consistency (e.g. both TLS paths or neither).
Status Validate(const Config& config);

// server.corsOrigins as a list: each an origin ("https://tool.example.com", scheme, host
// and optional port, no path) or "*" for any. kInvalidArgument names the bad one.
Result<std::vector<std::string>> CorsOrigins(const std::string& text);

// Every key with its type, default and one line of documentation, in file order;
// used by `inlet --help` and checked against config/inlet.json by a test.
struct KeyDoc {
  std::string name;  // dotted, as in the file
  std::string type;  // "string" | "integer"
  std::string default_value;
  std::string doc;
};
std::vector<KeyDoc> DocumentedKeys();

// <store.dataDir>/admin.token: where a server writes its first admin token's secret, and
// where the command line client looks for a token when it is given none.
std::string AdminTokenPath(const std::string& data_dir);

}  // namespace inlet::config
