// The management calls the benchmark needs, made as the admin on one keep-alive
// connection, and the checks of what the server stored.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "http_client.h"
#include "records.h"

namespace inlet::bench {

struct Job {
  std::string id;
  std::string state;
  int64_t total = 0, done = 0, created = 0, merged = 0, unchanged = 0, failed = 0;
};

class Api {
 public:
  Api(Peer peer, std::string admin_token)
      : peer_(peer), connection_(peer), token_(std::move(admin_token)) {}

  // A token with only the ingest scope, as a client would get.
  std::string CreateIngestToken();
  // A manual-mode endpoint of entity type /Customer; returns its id. Checks that its
  // postUrl is the ingestion path the load generator uses.
  std::string CreateEndpoint(const std::string& name);
  // The endpoint's recordCount.
  int64_t RecordCount(const std::string& endpoint_id);
  // How many of the endpoint's records the search index has yet to index (indexLag).
  int64_t IndexLag(const std::string& endpoint_id);

  // Compares the newest (up to 1,000) stored records of one receipt byte for byte with
  // the records of `range` it was sent with; returns how many were compared.
  int64_t CompareReceipt(const std::string& scenario, const std::string& endpoint_id,
                         const std::string& receipt_id, const RecordRange& range);

  // Processing. A missing route reads as std::nullopt / false ("not available").
  // PUT …/mapping; returns the HTTP status (404: the route does not exist).
  int PutMapping(const std::string& endpoint_id, const std::string& mapping_json);
  // POST …/process and polls the job until it is done or failed; nullopt on 404.
  std::optional<Job> RunJob(const std::string& scenario, const std::string& endpoint_id,
                            double* seconds);
  // POST …/process only; the job id, or nullopt on 404.
  std::optional<std::string> StartJob(const std::string& scenario, const std::string& endpoint_id);
  Job GetJob(const std::string& job_id);

  // GET of any route, answered as it came.
  Response Get(const std::string& target) { return Call("GET", target); }
  // A GET whose body goes to `sink` as it arrives (not kept in the Response); throws
  // when there is no answer.
  Response GetStreamed(const std::string& target, const Connection::BodySink& sink);

 private:
  Response Call(const std::string& method, const std::string& target, const std::string& body = "");

  std::mutex mutex_;
  Peer peer_;
  Connection connection_;
  std::string token_;
};

// The raw text of the object that follows `"member":` at `from` or later in `json`
// (strings skipped), for comparing stored records without re-serializing them.
std::string_view RawObjectAfter(std::string_view json, std::string_view member, size_t& from);

// The integer value of a top-level `"member":N` in a compact JSON answer; -1 if absent.
int64_t IntMember(std::string_view json, std::string_view member);
// The string value of `"member":"…"` (no escapes expected); empty if absent.
std::string StringMember(std::string_view json, std::string_view member);

}  // namespace inlet::bench
