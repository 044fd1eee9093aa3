// The table of keys. Defaults are not repeated here: they are the member
// initializers in config.h, read back through each key's field.
#include "config/config_keys.h"

#include <algorithm>

namespace inlet::config {
namespace internal {
namespace {

constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * kKiB;
constexpr int64_t kGiB = 1024 * kMiB;
constexpr int64_t kHourMs = 3600 * 1000;

// Both accessors for Config::section.member; a macro because a member pointer pair
// would have to be spelled twice per key otherwise.
#define INLET_FIELD(section, member)                                \
  .field = [](Config& c) -> FieldRef { return &c.section.member; }, \
  .const_field = [](const Config& c) -> ConstFieldRef { return &c.section.member; }

const std::vector<Key>& Table() {
  static const std::vector<Key> keys = {
      // server
      {.name = "server.host",
       .kind = Kind::kString,
       INLET_FIELD(server, host),
       .doc = "Address to listen on: an IP address or a host name. 127.0.0.1 accepts local "
              "clients only; 0.0.0.0 listens on every IPv4 interface.",
       .non_empty = true},
      {.name = "server.port",
       .kind = Kind::kInteger,
       INLET_FIELD(server, port),
       .doc = "TCP port to listen on; 0 picks a free port (used by tests).",
       .min = 0,
       .max = 65535},
      {.name = "server.threads",
       .kind = Kind::kInteger,
       INLET_FIELD(server, threads),
       .doc = "Worker threads that run the network I/O of all connections.",
       .min = 1,
       .max = 256},
      {.name = "server.maxConnections",
       .kind = Kind::kInteger,
       INLET_FIELD(server, max_connections),
       .doc = "Most connections open at once; further ones are not accepted until one closes.",
       .min = 1,
       .max = 1000000},
      {.name = "server.headerLimitBytes",
       .kind = Kind::kBytes,
       INLET_FIELD(server, header_limit_bytes),
       .doc = "Largest request head (request line and all headers) accepted, in bytes.",
       .min = kKiB,
       .max = kMiB},
      {.name = "server.readTimeoutMs",
       .kind = Kind::kInteger,
       INLET_FIELD(server, read_timeout_ms),
       .doc = "Milliseconds a request may go without a single byte arriving. It is measured "
              "between bytes, so a slow upload that keeps sending is never cut off.",
       .min = 100,
       .max = kHourMs},
      {.name = "server.idleTimeoutMs",
       .kind = Kind::kInteger,
       INLET_FIELD(server, idle_timeout_ms),
       .doc = "Milliseconds a keep-alive connection may wait for its next request before it "
              "is closed.",
       .min = 100,
       .max = kHourMs},
      {.name = "server.headerDeadlineMs",
       .kind = Kind::kInteger,
       INLET_FIELD(server, header_deadline_ms),
       .doc = "Milliseconds from the first byte of a request to the end of its header, and "
              "the most a refused request may take to be answered and drained: a client "
              "trickling bytes cannot hold a connection longer.",
       .min = 100,
       .max = kHourMs},
      {.name = "server.requestDeadlineMs",
       .kind = Kind::kInteger,
       INLET_FIELD(server, request_deadline_ms),
       .doc = "Milliseconds an admitted request (token and endpoint checked) may take from "
              "its first byte to its last; past it the request gets 408 and its connection "
              "is closed, whatever the pace of its bytes.",
       .min = 100,
       .max = 24 * kHourMs},
      {.name = "server.shutdownDeadlineMs",
       .kind = Kind::kInteger,
       INLET_FIELD(server, shutdown_deadline_ms),
       .doc = "Milliseconds given on SIGTERM or SIGINT to finish the requests in flight; "
              "connections still busy after that are closed.",
       .min = 100,
       .max = kHourMs},
      {.name = "server.publicUrl",
       .kind = Kind::kString,
       INLET_FIELD(server, public_url),
       .doc = "Base URL clients use to reach this server, shown in each endpoint's POST URL "
              "(e.g. https://inlet.example.com behind a proxy). Starts with http:// or "
              "https://, no trailing slash; empty means http://<host>:<port>."},
      {.name = "server.corsOrigins",
       .kind = Kind::kString,
       INLET_FIELD(server, cors_origins),
       .doc = "Origins of browser tools allowed to call the API, comma-separated (e.g. "
              "https://tool.example.com, http://localhost:3000), or * for any: their "
              "preflights are answered and answers carry Access-Control-Allow-Origin. Empty "
              "allows none."},
      {.name = "server.tlsCertificate",
       .kind = Kind::kString,
       INLET_FIELD(server, tls_certificate),
       .doc = "Path of the PEM certificate chain for HTTPS, with server.tlsPrivateKey. When "
              "both are set the listener speaks HTTPS only; SIGHUP reads the files again "
              "for new connections."},
      {.name = "server.tlsPrivateKey",
       .kind = Kind::kString,
       INLET_FIELD(server, tls_private_key),
       .doc = "Path of the PEM private key that belongs to server.tlsCertificate."},
      {.name = "server.tlsMinVersion",
       .kind = Kind::kChoice,
       INLET_FIELD(server, tls_min_version),
       .doc = "Oldest TLS version a client may use; older ones fail the handshake.",
       .choices = {"1.2", "1.3"}},
      {.name = "server.tlsClientCa",
       .kind = Kind::kString,
       INLET_FIELD(server, tls_client_ca),
       .doc = "Path of a PEM file of CA certificates. When set, every client must present a "
              "certificate signed by one of them (mutual TLS); the Bearer token is still "
              "required. Needs server.tlsCertificate."},

      // limits
      {.name = "limits.bodyWireBytes",
       .kind = Kind::kBytes,
       INLET_FIELD(limits, body_wire_bytes),
       .doc = "Largest request body as sent, before gzip or deflate is decoded; a larger "
              "Content-Length is refused with 413 before the body is read. At most "
              "limits.inflightBodyBytes.",
       .min = 1,
       .max = 64 * kGiB},
      {.name = "limits.bodyDecodedBytes",
       .kind = Kind::kBytes,
       INLET_FIELD(limits, body_decoded_bytes),
       .doc = "Largest request body after gzip or deflate is decoded; a larger one is "
              "refused with 413.",
       .min = 1,
       .max = 64 * kGiB},
      {.name = "limits.inflightBodyBytes",
       .kind = Kind::kBytes,
       INLET_FIELD(limits, inflight_body_bytes),
       .doc = "Body bytes all requests together may hold at once, reserved from "
              "Content-Length and counted as chunked bodies arrive; past it requests get "
              "503 with Retry-After. This bounds the server's memory.",
       .min = kMiB,
       .max = 64 * kGiB},
      {.name = "limits.maxRecords",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, max_records),
       .doc = "Most records in one request; more are refused with too-many-records.",
       .min = 1,
       .max = 100000000},
      {.name = "limits.maxColumns",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, max_columns),
       .doc = "Most columns a record may have after nested objects are flattened; a record "
              "with more is rejected with too-many-columns.",
       .min = 1,
       .max = 10000},
      {.name = "limits.maxNameLength",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, max_name_length),
       .doc = "Longest property name, in characters, after repair and flattening; a longer "
              "one is an invalid-property-name error.",
       .min = 1,
       .max = 250},
      {.name = "limits.maxDepth",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, max_depth),
       .doc = "Deepest nesting of arrays and objects in a body; deeper is refused with "
              "nesting-too-deep.",
       .min = 1,
       .max = 1000},
      {.name = "limits.maxIssues",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, max_issues),
       .doc = "Most entries in each of a response's errors and warnings lists; the rest are "
              "only counted in errorsOmitted and warningsOmitted.",
       .min = 1,
       .max = 100000},
      {.name = "limits.profileFields",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, profile_fields),
       .doc = "Most field names profiled per endpoint; values of further names are counted "
              "together under other in the fields answer, and the first such name is logged "
              "once.",
       .min = 1,
       .max = 100000},
      {.name = "limits.pageBytes",
       .kind = Kind::kBytes,
       INLET_FIELD(limits, page_bytes),
       .doc = "Largest list answer of the management API (records, logs, receipts, golden "
              "records); a page ends early when its items reach it, and its next cursor "
              "goes on from there. One item larger than this is still sent whole.",
       .min = 64 * kKiB,
       .max = kGiB},
      {.name = "limits.changeWaits",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, change_waits),
       .doc = "Reads of the change feed that may wait for changes at once (long polls with "
              "wait=); past it, a read that finds nothing is answered at once.",
       .min = 0,
       .max = 100000},
      {.name = "limits.exports",
       .kind = Kind::kInteger,
       INLET_FIELD(limits, exports),
       .doc = "Exports of golden records that may run at once; one more is answered 503 "
              "too-many-exports. Each holds one page of records while it is written.",
       .min = 1,
       .max = 1000},

      // store
      {.name = "store.backend",
       .kind = Kind::kChoice,
       INLET_FIELD(store, backend),
       .doc = "Where inlet keeps its data. sqlite: one database file under store.dataDir, "
              "for one node. postgres: the PostgreSQL database of store.postgresUrl, which "
              "any number of nodes share (docs/scale-out.md).",
       .choices = {"sqlite", "postgres"}},
      {.name = "store.postgresUrl",
       .kind = Kind::kString,
       INLET_FIELD(store, postgres_url),
       .doc = "With store.backend postgres: the database, as a libpq connection URI such as "
              "postgresql://inlet@db.example.com:5432/inlet?sslmode=require. Leave the password "
              "out and set PGPASSWORD (or ~/.pgpass) so that it sits in no file."},
      {.name = "store.poolSize",
       .kind = Kind::kInteger,
       INLET_FIELD(store, pool_size),
       .doc = "With store.backend postgres: connections each node keeps open for reads, "
              "processing and admin work; ingestion's group commit has one more of its own, "
              "and token checks two.",
       .min = 1,
       .max = 1000},
      {.name = "store.dataDir",
       .kind = Kind::kString,
       INLET_FIELD(store, data_dir),
       .doc = "Directory of the SQLite database, the search index and admin.token, created "
              "if missing; relative paths start at the working directory. With store.backend "
              "postgres it keeps admin.token only.",
       .non_empty = true},
      {.name = "store.synchronous",
       .kind = Kind::kChoice,
       INLET_FIELD(store, synchronous),
       .doc = "SQLite durability. full: a 200 is sent only once the data survives a power "
              "cut. normal: faster, survives a crash of the process but may lose the last "
              "commits on power loss.",
       .choices = {"full", "normal"}},
      {.name = "store.busyTimeoutMs",
       .kind = Kind::kInteger,
       INLET_FIELD(store, busy_timeout_ms),
       .doc = "Milliseconds to wait for a database lock held by another connection before "
              "giving up; 0 gives up at once on SQLite, and waits without bound on "
              "PostgreSQL.",
       .min = 0,
       .max = 600000},

      // log
      {.name = "log.level",
       .kind = Kind::kChoice,
       INLET_FIELD(log, level),
       .doc = "Least severe level written to the log.",
       .choices = {"trace", "debug", "info", "warn", "error", "critical", "off"}},
      {.name = "log.format",
       .kind = Kind::kChoice,
       INLET_FIELD(log, format),
       .doc = "Log line format: text for people, json for log collectors (one object per "
              "line).",
       .choices = {"text", "json"}},

      // retention
      {.name = "retention.days",
       .kind = Kind::kInteger,
       INLET_FIELD(retention, days),
       .doc = "Days receipts and their log rows are kept before they are pruned.",
       .min = 1,
       .max = 3650},
      {.name = "retention.idempotencyHours",
       .kind = Kind::kInteger,
       INLET_FIELD(retention, idempotency_hours),
       .doc = "Hours an Idempotency-Key is remembered; within them a retried request gets "
              "the first answer back instead of being stored twice.",
       .min = 1,
       .max = 8760},
      {.name = "retention.changesDays",
       .kind = Kind::kInteger,
       INLET_FIELD(retention, changes_days),
       .doc = "Days the change feed keeps a change; a consumer whose cursor is older gets "
              "410 cursor-expired and reads the golden records again (export). 0 turns the "
              "feed off: processing writes no changes.",
       .min = 0,
       .max = 3650},

      // processing
      {.name = "processing.startDelayMs",
       .kind = Kind::kInteger,
       INLET_FIELD(processing, start_delay_ms),
       .doc = "Milliseconds from an automatic endpoint's commit to the start of its "
              "processing job, so a burst of requests makes one job. Records committed but "
              "not yet processed when the server stops are processed after the next start.",
       .min = 0,
       .max = 3600000},
      {.name = "processing.sliceMs",
       .kind = Kind::kInteger,
       INLET_FIELD(processing, slice_ms),
       .doc = "Milliseconds a processing job's write transaction may keep a waiting "
              "ingestion commit waiting; a transaction nobody waits for runs up to a "
              "second. Shorter keeps posting fast while a job runs.",
       .min = 5,
       .max = 10000},
      {.name = "processing.leaseMs",
       .kind = Kind::kInteger,
       INLET_FIELD(processing, lease_ms),
       .doc = "With store.backend postgres: how long a job stays its node's without a "
              "renewal. A node renews its jobs' leases three times per period; when a node "
              "dies, another takes its jobs over this long after the last renewal.",
       .min = 300,
       .max = 600000},
  };
  return keys;
}

#undef INLET_FIELD

std::string TypeName(Kind kind) {
  return kind == Kind::kInteger || kind == Kind::kBytes ? "integer" : "string";
}

}  // namespace

std::span<const Key> Keys() { return Table(); }

const Key* FindKey(std::string_view dotted_name) {
  auto keys = Keys();
  auto it = std::find_if(keys.begin(), keys.end(),
                         [&](const Key& key) { return key.name == dotted_name; });
  return it == keys.end() ? nullptr : &*it;
}

std::string Doc(const Key& key) {
  std::string doc(key.doc);
  switch (key.kind) {
    case Kind::kString:
      if (key.non_empty) doc += " Must not be empty.";
      break;
    case Kind::kChoice: {
      doc += " One of: ";
      for (size_t i = 0; i < key.choices.size(); ++i) {
        if (i > 0) doc += ", ";
        doc += key.choices[i];
      }
      doc += ".";
      break;
    }
    case Kind::kInteger:
      doc += " Allowed: " + std::to_string(key.min) + " to " + std::to_string(key.max) + ".";
      break;
    case Kind::kBytes:
      doc += " Allowed: " + FormatBytes(key.min) + " to " + FormatBytes(key.max) +
             ", in bytes or as text like \"64MiB\".";
      break;
  }
  return doc;
}

}  // namespace internal

std::vector<KeyDoc> DocumentedKeys() {
  const Config defaults;
  std::vector<KeyDoc> docs;
  for (const internal::Key& key : internal::Keys()) {
    docs.push_back({std::string(key.name), internal::TypeName(key.kind),
                    internal::ValueText(key, defaults), internal::Doc(key)});
  }
  return docs;
}

}  // namespace inlet::config
