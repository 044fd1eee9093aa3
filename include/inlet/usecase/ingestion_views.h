// Per-endpoint views of what ingestion kept (SPEC §3): the preview of stored records and
// its search, the field profile, receipts and the log; with clearing the records and
// purging the log.
//
// The caller (http/) reads a view's parameters into the types below and renders what
// comes back. Stored records and field samples are JSON text whose numbers keep their
// exact source text: render them as they are. Callers find the endpoint first
// (FindEndpoint) and read a view's parameters after, so an unknown endpoint is reported
// before a bad parameter. Calls may block on the store: run them off I/O threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/common/issue.h"
#include "inlet/common/status.h"
#include "inlet/processing/processor.h"
#include "inlet/store/search_index.h"
#include "inlet/store/store.h"
#include "inlet/usecase/field_profiles.h"

namespace inlet::usecase {

// Which preview records, newest first.
struct RecordFilter {
  // Only records holding every word of it (SearchIndex::Search); empty means no search.
  std::optional<std::string> search;
  std::optional<std::string> receipt_id;  // only this receipt's records; not with `search`
  std::optional<int64_t> before_seq;      // strictly older than this
  int limit = 100;
  // Without `search`: reading stops after the record with which the records' data reaches
  // this many bytes (0: no bound), as store::RecordQuery does.
  uint64_t max_bytes = 0;
};

// Takes a page's records one by one, newest first; false when the page is full, so no
// more are read.
using RecordSink = std::function<bool(const store::StoredRecord&)>;

// How a preview page ended.
struct RecordPageEnd {
  // The seq to continue before when reading stopped at the limit or the byte bound, with
  // more records possibly after it; nullopt when none remain. When the sink stopped
  // first, the next page continues from the last record it took instead.
  std::optional<int64_t> next;
  int64_t index_lag = 0;  // how many of the endpoint's records are not searchable yet
};

class IngestionViews {
 public:
  // Every argument must outlive this object.
  IngestionViews(store::EndpointStore& endpoints, store::RecordStore& records,
                 store::LogStore& logs, store::SearchIndex& search, FieldProfiles& profiles,
                 processing::Processor& processor);

  // kNotFound "endpoint-not-found" when unknown. `endpoint_id` must be normalized.
  Result<store::Endpoint> FindEndpoint(const std::string& endpoint_id);

  // Hands one page of the preview to `take` and says where the next one starts. A search
  // reads its matches a few at a time, so a sink that is full early spares the rest.
  Result<RecordPageEnd> Records(const store::Endpoint& endpoint, const RecordFilter& filter,
                                const RecordSink& take);
  // Empties the endpoint's preview, with its field profile and search index; receipts and
  // logs stay. kConflict "job-running" while a job runs on the endpoint.
  Status ClearRecords(const store::Endpoint& endpoint);

  // Up to `limit` fields of the endpoint's profile named after `after`, in name order.
  FieldPage Fields(const store::Endpoint& endpoint, const std::optional<std::string>& after,
                   size_t limit);

  // Newest first, without their answers.
  Result<std::vector<store::Receipt>> Receipts(const store::Endpoint& endpoint,
                                               std::optional<int64_t> before_seq, int limit);
  // A receipt with the answer it recorded. kNotFound "receipt-not-found" when unknown
  // (`receipt_id` must be normalized), then kPermissionDenied when `caller` may not read
  // its endpoint.
  Result<store::Receipt> FindReceipt(const auth::Principal& caller, const std::string& receipt_id);

  // The endpoint's log rows, newest first, as `query` filters them; its endpoint_key is
  // set to the endpoint's.
  Result<std::vector<store::StoredLogRow>> Logs(const store::Endpoint& endpoint,
                                                store::LogQuery query);
  Status PurgeLogs(const store::Endpoint& endpoint);

 private:
  Result<std::optional<int64_t>> SearchRecords(const store::Endpoint& endpoint,
                                               const RecordFilter& filter, const RecordSink& take);
  Result<std::optional<int64_t>> ListRecords(const store::Endpoint& endpoint,
                                             const RecordFilter& filter, const RecordSink& take);

  store::EndpointStore& endpoints_;
  store::RecordStore& records_;
  store::LogStore& logs_;
  store::SearchIndex& search_;
  FieldProfiles& profiles_;
  processing::Processor& processor_;
};

}  // namespace inlet::usecase
