#include "inlet/usecase/ingestion_views.h"

#include <algorithm>

namespace inlet::usecase {
namespace {

// Records read at a time for a search's page, which may end long before `limit` large
// records.
constexpr size_t kSearchReadBatch = 16;

}  // namespace

IngestionViews::IngestionViews(store::EndpointStore& endpoints, store::RecordStore& records,
                               store::LogStore& logs, store::SearchIndex& search,
                               FieldProfiles& profiles, processing::Processor& processor)
    : endpoints_(endpoints),
      records_(records),
      logs_(logs),
      search_(search),
      profiles_(profiles),
      processor_(processor) {}

Result<store::Endpoint> IngestionViews::FindEndpoint(const std::string& endpoint_id) {
  return endpoints_.GetEndpoint(endpoint_id);
}

Result<RecordPageEnd> IngestionViews::Records(const store::Endpoint& endpoint,
                                              const RecordFilter& filter, const RecordSink& take) {
  RecordPageEnd end;
  INLET_ASSIGN_OR_RETURN(end.index_lag, search_.Lag(endpoint.key));
  if (filter.search && !filter.search->empty()) {
    INLET_ASSIGN_OR_RETURN(end.next, SearchRecords(endpoint, filter, take));
  } else {
    INLET_ASSIGN_OR_RETURN(end.next, ListRecords(endpoint, filter, take));
  }
  return end;
}

Result<std::optional<int64_t>> IngestionViews::SearchRecords(const store::Endpoint& endpoint,
                                                             const RecordFilter& filter,
                                                             const RecordSink& take) {
  INLET_ASSIGN_OR_RETURN(
      auto seqs, search_.Search(endpoint.key, *filter.search, filter.before_seq, filter.limit));
  std::optional<int64_t> next;
  if (static_cast<int>(seqs.size()) == filter.limit) next = seqs.back();
  bool full = false;
  for (size_t start = 0; start < seqs.size() && !full; start += kSearchReadBatch) {
    std::vector<int64_t> batch(seqs.begin() + static_cast<std::ptrdiff_t>(start),
                               seqs.begin() + static_cast<std::ptrdiff_t>(
                                                  std::min(start + kSearchReadBatch, seqs.size())));
    INLET_ASSIGN_OR_RETURN(auto records, records_.GetRecords(endpoint.key, batch));
    for (const auto& record : records) {
      full = !take(record);
      if (full) break;
    }
  }
  return next;
}

Result<std::optional<int64_t>> IngestionViews::ListRecords(const store::Endpoint& endpoint,
                                                           const RecordFilter& filter,
                                                           const RecordSink& take) {
  store::RecordQuery query;
  query.endpoint_key = endpoint.key;
  query.receipt_id = filter.receipt_id;
  query.before_seq = filter.before_seq;
  query.limit = filter.limit;
  query.max_bytes = filter.max_bytes;
  INLET_ASSIGN_OR_RETURN(auto records, records_.ListRecords(query));
  uint64_t data_bytes = 0;
  for (const auto& record : records) data_bytes += record.data.size();
  std::optional<int64_t> next;
  // The store stopped early at the byte bound: there may be more after the last.
  const bool at_byte_bound = filter.max_bytes > 0 && data_bytes >= filter.max_bytes;
  if (!records.empty() && (static_cast<int>(records.size()) == filter.limit || at_byte_bound)) {
    next = records.back().seq;
  }
  for (const auto& record : records) {
    if (!take(record)) break;
  }
  return next;
}

Status IngestionViews::ClearRecords(const store::Endpoint& endpoint) {
  INLET_RETURN_IF_ERROR(processor_.CheckIdle(endpoint.key));
  return profiles_.Reset(endpoint.key, [&] {
    INLET_RETURN_IF_ERROR(records_.ClearRecords(endpoint.key));
    return search_.Drop(endpoint.key);
  });
}

FieldPage IngestionViews::Fields(const store::Endpoint& endpoint,
                                 const std::optional<std::string>& after, size_t limit) {
  return profiles_.Page(endpoint.key, after, limit);
}

Result<std::vector<store::Receipt>> IngestionViews::Receipts(const store::Endpoint& endpoint,
                                                             std::optional<int64_t> before_seq,
                                                             int limit) {
  return records_.ListReceipts(endpoint.key, before_seq, limit);
}

Result<store::Receipt> IngestionViews::FindReceipt(const auth::Principal& caller,
                                                   const std::string& receipt_id) {
  INLET_ASSIGN_OR_RETURN(auto receipt, records_.GetReceipt(receipt_id));
  INLET_RETURN_IF_ERROR(auth::Authorize(caller, auth::Scope::kRead, receipt.endpoint_id));
  return receipt;
}

Result<std::vector<store::StoredLogRow>> IngestionViews::Logs(const store::Endpoint& endpoint,
                                                              store::LogQuery query) {
  query.endpoint_key = endpoint.key;
  return logs_.ListLogs(query);
}

Status IngestionViews::PurgeLogs(const store::Endpoint& endpoint) {
  return logs_.PurgeLogs(endpoint.key);
}

}  // namespace inlet::usecase
