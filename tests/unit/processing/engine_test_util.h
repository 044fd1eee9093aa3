// A golden-record engine over a real store, for the merge and removal tests: records are
// applied slice by slice as a job would. Every test runs on both backends (SPEC §12):
// SQLite in a temporary directory, and a fresh database of the PostgreSQL test cluster.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/uuid.h"
#include "inlet/processing/engine.h"
#include "inlet/store/postgres_store.h"
#include "inlet/store/sqlite_store.h"
#include "support/counting_golden_writer.h"
#include "support/database.h"
#include "support/postgres_database.h"
#include "support/temp_dir.h"

namespace inlet::processing {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

class EngineFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      postgres_.emplace();
      store::PostgresOptions options;
      options.url = postgres_->url();
      options.pool_size = 2;
      auto opened = store::OpenPostgresStore(options);
      ASSERT_TRUE(opened.ok()) << opened.status().message();
      store_ = std::move(opened->store);
      return;
    }
    store::SqliteOptions options;
    options.data_dir = dir_.File("data");
    options.synchronous = store::Synchronous::kNormal;
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
  }

  // Runs `sql` (valid on both engines) behind the store's back, as an older version of
  // inlet or another process could have written.
  void ExecSql(const std::string& sql) {
    if (postgres_) return inlet::testing::RunSql(postgres_->url(), sql);
    inlet::testing::ExecSql(dir_.File("data") + "/inlet.db", sql);
  }

  // An endpoint of source `source` whose records map with `mapping`.
  EndpointRef AddEndpoint(const std::string& source) {
    store::NewEndpoint endpoint;
    endpoint.id = NewUuidV4();
    endpoint.name = "customers";
    endpoint.source_name = source;
    endpoint.group_name = "Sales";
    endpoint.mapping_json = "{}";
    endpoint.now_ms = 1;
    auto created = store_->CreateEndpoint(endpoint);
    EXPECT_TRUE(created.ok()) << created.status().message();
    return {created->key, created->id};
  }

  // Applies records (record seq → JSON) in one slice and returns the counts. What the
  // engine reads back is added to reads_.
  ProcessCounts Apply(const EndpointRef& endpoint, const Mapping& mapping,
                      const std::map<int64_t, std::string>& records) {
    ProcessCounts counts;
    Status status = store_->RunGoldenSlice([&](store::GoldenWriter& real) {
      inlet::testing::CountingGoldenWriter writer(real, reads_);
      GoldenEngine engine(writer, 1000);
      std::vector<store::StoredRecord> stored;
      for (const auto& [seq, data] : records) {
        store::StoredRecord record;
        record.seq = seq;
        record.endpoint_key = endpoint.key;
        record.id = "record-" + std::to_string(seq);
        record.receipt_id = "receipt-1";
        record.receipt_seq = 1;
        record.data = data;
        stored.push_back(std::move(record));
      }
      INLET_RETURN_IF_ERROR(engine.Apply(endpoint, mapping, stored, counts, log_));
      return engine.Finish();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return counts;
  }

  // Takes every part of the endpoint whose record seq is in [first, last] out.
  ProcessCounts Remove(const EndpointRef& endpoint, int64_t first = 0, int64_t last = INT64_MAX) {
    ProcessCounts counts;
    Status status = store_->RunGoldenSlice([&](store::GoldenWriter& real) {
      inlet::testing::CountingGoldenWriter writer(real, reads_);
      INLET_ASSIGN_OR_RETURN(auto parts, writer.PartsOfEndpoint(endpoint.key, first, last, 100000));
      GoldenEngine engine(writer, 2000);
      for (const auto& part : parts) INLET_RETURN_IF_ERROR(engine.Remove(part, counts));
      return engine.Finish();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return counts;
  }

  // Which clue and source hashes the endpoint's parts hold, by record seq.
  std::map<int64_t, store::PartHash> PartHashes(const EndpointRef& endpoint) {
    std::map<int64_t, store::PartHash> hashes;
    Status status = store_->RunGoldenSlice([&](store::GoldenWriter& writer) {
      INLET_ASSIGN_OR_RETURN(auto read, writer.PartHashes(endpoint.key, 0, INT64_MAX));
      for (auto& hash : read) hashes[hash.record_seq] = std::move(hash);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return hashes;
  }

  // Every live golden record of the type, as read through the store.
  std::vector<store::GoldenRecord> Golden(const std::string& type = "/Customer") {
    store::GoldenQuery query;
    query.entity_type = type;
    query.limit = 1000;
    auto records = store_->ListGoldenRecords(query);
    EXPECT_TRUE(records.ok()) << records.status().message();
    return records.ok() ? *records : std::vector<store::GoldenRecord>{};
  }

  store::GoldenRecord ByCode(const std::string& code) {
    store::GoldenQuery query;
    query.code = code;
    auto records = store_->ListGoldenRecords(query);
    EXPECT_TRUE(records.ok() && records->size() == 1) << "no golden record holds " << code;
    return records.ok() && records->size() == 1 ? records->front() : store::GoldenRecord{};
  }

  // The stored document with the codes and parts the store read beside it, as the API
  // shows them.
  static nlohmann::json Doc(const store::GoldenRecord& golden) {
    nlohmann::json doc = nlohmann::json::parse(golden.document);
    doc["codes"] = golden.codes;
    doc["parts"] = nlohmann::json::array();
    for (const auto& part : golden.parts) {
      doc["parts"].push_back({{"endpointId", part.endpoint_id},
                              {"recordId", part.record_id},
                              {"receiptId", part.receipt_id}});
    }
    return doc;
  }

  static std::string Value(const store::GoldenRecord& golden, const std::string& key) {
    auto doc = Doc(golden);
    if (!doc["properties"].contains(key)) return "<absent>";
    return doc["properties"][key]["value"].get<std::string>();
  }

  // /Customer keyed by `id` (origin `origin`), email as an identifier shared across
  // sources, `name` as name, `modified` as the modified date.
  static Mapping CustomerMapping(const std::string& origin) {
    Mapping m;
    m.entity_type = "/Customer";
    m.vocabulary_prefix = origin + ".customer";
    m.origin = origin;
    m.primary_identifier = PrimaryIdentifier{false, {"id"}};
    m.identifiers = {{"email", "email"}};
    m.name_field = "name";
    m.modified_date_field = "modified";
    return m;
  }

  inlet::testing::TempDir dir_;
  std::optional<inlet::testing::PostgresDatabase> postgres_;
  std::unique_ptr<store::Store> store_;
  ProcessingLog log_;
  inlet::testing::GoldenReads reads_;
};

}  // namespace inlet::processing
