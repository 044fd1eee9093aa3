#include "ceilings.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "checks.h"
#include "inlet/common/time.h"
#include "inlet/ingest/ingest.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Copied by hand from migration 1 (src/store/migrations.cc): the same columns, key and
// index, so the ceiling pays for exactly the b-tree work the server's records pay for.
constexpr const char* kRecordsDdl = R"sql(
CREATE TABLE records (
  seq INTEGER PRIMARY KEY,
  endpoint_key INTEGER NOT NULL,
  receipt_seq INTEGER NOT NULL,
  row_index INTEGER NOT NULL,
  id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX records_by_endpoint ON records (endpoint_key);
)sql";

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(std::string("sqlite: ") + sql + ": " + message);
  }
}

}  // namespace

std::string OrderedId(int64_t now_ms, int64_t counter) {
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-7%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(now_ms >> 16) & 0xffffffffULL,
                static_cast<unsigned long long>(now_ms) & 0xffffULL,
                static_cast<unsigned long long>(counter >> 60) & 0xfffULL,
                static_cast<unsigned long long>(counter >> 48) & 0xfffULL,
                static_cast<unsigned long long>(counter) & 0xffffffffffffULL);
  return text;
}

CeilingResult ParserCeiling(uint32_t stream, int64_t bodies, int64_t per_body) {
  std::vector<std::string> payload;
  size_t bytes = 0;
  for (int64_t b = 0; b < bodies; ++b) {
    payload.push_back(ArrayBody({stream, b * per_body, per_body}));
    bytes += payload.back().size();
  }
  ingest::Limits limits;
  std::vector<ingest::Outcome> outcomes;
  outcomes.reserve(payload.size());
  const auto start = Clock::now();
  int64_t warnings = 0;
  for (const std::string& body : payload) {
    ingest::IssueCollector issues;
    outcomes.push_back(ingest::ProcessBody(body, ingest::BodyFormat::kJson, limits, issues));
    warnings += issues.warning_count() + issues.error_count();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Checked after the clock: the parser must hand back every record exactly as sent.
  Expect(warnings == 0, "ceiling (a)", std::to_string(warnings) + " issues on clean records");
  for (size_t b = 0; b < outcomes.size(); ++b) {
    const auto& accepted = outcomes[b].accepted;
    if (!Expect(static_cast<int64_t>(accepted.size()) == per_body, "ceiling (a)",
                "body " + std::to_string(b) + ": " + std::to_string(accepted.size()) +
                    " records accepted")) {
      continue;
    }
    const RecordRange range{stream, static_cast<int64_t>(b) * per_body, per_body};
    for (int64_t i = 0; i < per_body; ++i) {
      if (accepted[i].data != Record(range, i)) {
        Fail("ceiling (a)", "record " + std::to_string(i) + " changed: " + accepted[i].data);
        break;
      }
    }
  }
  CeilingResult result;
  result.records = bodies * per_body;
  result.records_per_s = static_cast<double>(result.records) / seconds;
  result.mib_per_s = static_cast<double>(bytes) / (1 << 20) / seconds;
  return result;
}

CeilingResult SqliteCeiling(const std::string& dir, uint32_t stream, int64_t records,
                            int64_t per_transaction, bool durable) {
  const std::string path = dir + (durable ? "/ceiling.db" : "/ceiling-nosync.db");
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path);
  }
  Exec(db, "PRAGMA journal_mode = WAL");
  Exec(db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
  Exec(db, kRecordsDdl);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO records (seq, endpoint_key, receipt_seq, row_index, id, "
                     "received_at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                     -1, &insert, nullptr);
  double seconds = 0;
  size_t bytes = 0;
  int64_t seq = 0;
  std::vector<std::string> data;
  for (int64_t first = 0; first < records; first += per_transaction) {
    const int64_t count = std::min(per_transaction, records - first);
    data.clear();
    for (int64_t i = 0; i < count; ++i) {
      data.push_back(Record({stream, first, count}, i));
      bytes += data.back().size();
    }
    const auto start = Clock::now();
    Exec(db, "BEGIN IMMEDIATE");
    const int64_t now = NowUnixMillis();
    // One receipt per 1,000 records, as with scenario 1's requests.
    for (int64_t i = 0; i < count; ++i) {
      const std::string id = OrderedId(now, seq + 1);
      sqlite3_bind_int64(insert, 1, ++seq);
      sqlite3_bind_int64(insert, 2, 1 + ((seq - 1) / 1000) % 4);
      sqlite3_bind_int64(insert, 3, 1 + (seq - 1) / 1000);
      sqlite3_bind_int64(insert, 4, (seq - 1) % 1000);
      sqlite3_bind_text(insert, 5, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(insert, 6, now);
      sqlite3_bind_text(insert, 7, data[i].data(), static_cast<int>(data[i].size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        throw std::runtime_error(std::string("sqlite insert: ") + sqlite3_errmsg(db));
      }
      sqlite3_reset(insert);
    }
    Exec(db, "COMMIT");
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  CeilingResult result;
  result.records = records;
  result.records_per_s = static_cast<double>(records) / seconds;
  result.mib_per_s = static_cast<double>(bytes) / (1 << 20) / seconds;
  return result;
}

double FdatasyncMs(const std::string& dir) {
  const std::string path = dir + "/fdatasync.probe";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  std::string page(4096, 'x');
  std::vector<double> ms;
  for (int i = 0; i < 41; ++i) {
    if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size())) break;
    const auto start = Clock::now();
    if (::fdatasync(fd) != 0) break;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  ::close(fd);
  ::unlink(path.c_str());
  if (ms.empty()) return -1;
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace inlet::bench
