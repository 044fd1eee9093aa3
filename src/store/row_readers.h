// Rows read into the store's types, once for every backend: the column lists both
// engines accept as written, and readers over any row that offers Int, OptionalInt, Text
// and Blob by column (SQLite's Statement, PostgreSQL's PgRow).
#pragma once

#include <cstring>
#include <string>

#include "inlet/store/endpoints.h"
#include "inlet/store/tokens.h"
#include "store/word_list.h"

namespace inlet::store {

constexpr char kTokenColumns[] =
    "SELECT id, name, secret_hash, scopes, endpoint_ids, created_at, expires_at, revoked_at "
    "FROM tokens ";

template <typename Row>
Result<TokenRecord> TokenFromRow(const Row& row) {
  TokenRecord token;
  token.id = row.Text(0);
  token.name = row.Text(1);
  const auto hash = row.Blob(2);
  if (hash.size() != token.secret_hash.size()) {
    return Status::Internal("read token " + token.id + ": stored hash has the wrong size");
  }
  std::memcpy(token.secret_hash.data(), hash.data(), hash.size());
  token.scopes = SplitWords(row.Text(3));
  token.endpoint_ids = SplitWords(row.Text(4));
  token.created_at_ms = row.Int(5);
  token.expires_at_ms = row.OptionalInt(6);
  token.revoked_at_ms = row.OptionalInt(7);
  return token;
}

constexpr char kEndpointColumns[] =
    "SELECT e.key, e.id, e.name, e.source_id, s.name, g.name, e.mode, e.status, e.mapping, "
    "e.created_at, e.updated_at, e.record_count, e.data_part_count, e.processed_through_seq "
    "FROM endpoints e JOIN sources s ON s.id = e.source_id JOIN groups g ON g.id = s.group_id ";

template <typename Row>
Result<Endpoint> EndpointFromRow(const Row& row) {
  Endpoint endpoint;
  endpoint.key = row.Int(0);
  endpoint.id = row.Text(1);
  endpoint.name = row.Text(2);
  endpoint.source_id = row.Int(3);
  endpoint.source_name = row.Text(4);
  endpoint.group_name = row.Text(5);
  std::optional<ProcessingMode> mode = ParseProcessingMode(row.Text(6));
  std::optional<EndpointStatus> status = ParseEndpointStatus(row.Text(7));
  if (!mode || !status) {
    return Status::Internal("read endpoint " + endpoint.id + ": unknown mode or status stored");
  }
  endpoint.mode = *mode;
  endpoint.status = *status;
  endpoint.mapping_json = row.Text(8);
  endpoint.created_at_ms = row.Int(9);
  endpoint.updated_at_ms = row.Int(10);
  endpoint.record_count = row.Int(11);
  endpoint.data_part_count = row.Int(12);
  endpoint.processed_through_seq = row.Int(13);
  return endpoint;
}

}  // namespace inlet::store
