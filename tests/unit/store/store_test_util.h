// Helpers shared by the store tests: opening a store in a temp dir and reaching into its
// database file with the plain sqlite3 C API, as another process would.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/uuid.h"
#include "inlet/store/sqlite_store.h"
#include "support/temp_dir.h"

namespace inlet::store::testing {

inline SqliteOptions OptionsIn(const inlet::testing::TempDir& dir) {
  SqliteOptions options;
  options.data_dir = dir.File("data");
  options.reader_connections = 2;
  return options;
}

inline std::string DatabaseFile(const SqliteOptions& options) {
  return options.data_dir + "/inlet.db";
}

// Opens the store or throws, so a test fails at the line that needed it.
inline std::unique_ptr<Store> OpenStore(const SqliteOptions& options) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  if (!store.ok()) throw std::runtime_error("open store: " + store.status().message());
  return std::move(*store);
}

// A token with the ingest and read scopes, its secret derived from its name.
inline TokenRecord MakeToken(const std::string& name, int64_t created_at_ms) {
  TokenRecord token;
  token.id = NewUuidV4();
  token.name = name;
  token.secret_hash = Sha256("secret of " + name);
  token.scopes = {"ingest", "read"};
  token.created_at_ms = created_at_ms;
  return token;
}

inline NewEndpoint MakeEndpoint(const std::string& name, const std::string& source,
                                const std::string& group, int64_t now_ms = 1000) {
  NewEndpoint endpoint;
  endpoint.id = NewUuidV4();
  endpoint.name = name;
  endpoint.source_name = source;
  endpoint.group_name = group;
  endpoint.mode = ProcessingMode::kManual;
  endpoint.mapping_json = R"({"entityType":"/Customer"})";
  endpoint.now_ms = now_ms;
  return endpoint;
}

// Creates the endpoint or throws, so a test fails at the line that needed it.
inline Endpoint CreateEndpointOrThrow(EndpointStore& store, const std::string& name,
                                      const std::string& source, const std::string& group,
                                      int64_t now_ms = 1000) {
  Result<Endpoint> created = store.CreateEndpoint(MakeEndpoint(name, source, group, now_ms));
  if (!created.ok()) throw std::runtime_error("create: " + created.status().message());
  return *created;
}

// What AppendRecords committed.
struct Appended {
  std::string receipt_id;
  int64_t last_record_seq = 0;
};

// Stores `records` (JSON objects, rows 0, 1, …) as one 200 receipt of the endpoint and
// waits for the commit, failing the test if it does not succeed.
inline Appended AppendRecords(Store& store, int64_t endpoint_key,
                              const std::vector<std::string>& records) {
  ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = static_cast<int64_t>(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    receipt.records.push_back({static_cast<int64_t>(i), records[i]});
  }
  Appended appended{receipt.id, 0};
  std::promise<int64_t> committed;
  store.Append(std::move(receipt), [&](const Status& status, int64_t last_seq) {
    EXPECT_TRUE(status.ok()) << status.message();
    committed.set_value(last_seq);
  });
  appended.last_record_seq = committed.get_future().get();
  return appended;
}

// A second connection to the database file, outside the store.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("open " + path + ": " + sqlite3_errmsg(db_));
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
  }

  // The first column of the first row, as text ("" for no row).
  std::string QueryText(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }

  int64_t QueryInt(const std::string& sql) { return std::stoll(QueryText(sql)); }

  // What EXPLAIN QUERY PLAN says of `sql`: each step's detail, one per line.
  std::string QueryPlan(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    const std::string explain = "EXPLAIN QUERY PLAN " + sql;
    if (sqlite3_prepare_v2(db_, explain.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(explain + ": " + sqlite3_errmsg(db_));
    }
    std::string plan;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
      plan += '\n';
    }
    sqlite3_finalize(stmt);
    return plan;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace inlet::store::testing
