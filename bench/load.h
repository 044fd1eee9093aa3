// Drives prepared ingestion requests over N keep-alive connections, one thread each,
// and checks every answer.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "http_client.h"
#include "records.h"

namespace inlet::bench {

struct Prepared {
  int endpoint = 0;  // index into the scenario's endpoints
  RecordRange range;
  std::string wire;  // the whole request, formatted before the clock starts
};

// One acknowledged request, kept to compare what was stored with what was sent.
struct Sample {
  int endpoint = 0;
  std::string receipt_id;
  RecordRange range;
};

struct LoadResult {
  int64_t requests = 0;  // answered 200 with every record accepted
  int64_t records = 0;   // sum of `accepted`
  double seconds = 0;
  std::vector<double> latencies_ms;
  std::vector<int64_t> accepted_per_endpoint;
  std::vector<Sample> samples;
  std::map<int, int64_t> statuses;

  double Percentile(double p) const;  // of latencies_ms; -1 when empty
};

// Formats an ingestion POST of `body` (already encoded when `gzip`).
std::string IngestRequest(const std::string& endpoint_id, const std::string& token,
                          const std::string& body, bool gzip);

// Each connection sends its own list in order; all start together once connected. Stops
// early when `stop` becomes true. Every answer must be 200 with `accepted` = the range's
// count; anything else is a failure of `scenario`.
LoadResult RunLoad(const std::string& scenario, Peer peer,
                   const std::vector<std::vector<Prepared>>& per_connection, size_t endpoints,
                   const std::atomic<bool>* stop = nullptr);

// Checks one ingestion answer for `range`; returns the receipt id when it is a full 200.
std::string CheckIngestAnswer(const std::string& scenario, int status, const std::string& body,
                              const RecordRange& range);

}  // namespace inlet::bench
