// What this machine allows at most, measured in the same run as the scenarios: the
// server cannot ingest faster than it parses, nor faster than SQLite appends.
#pragma once

#include <cstdint>
#include <string>

#include "records.h"

namespace inlet::bench {

struct CeilingResult {
  double records_per_s = 0;
  double mib_per_s = 0;
  int64_t records = 0;
};

// (a) ingest::ProcessBody on one thread over `bodies` bodies of `per_body` records each
// (the scenario 1 payload). Every record must come out accepted and unchanged.
CeilingResult ParserCeiling(uint32_t stream, int64_t bodies, int64_t per_body);

// (b) Appends `records` records into a fresh database in `dir` holding a table with the
// columns and index of inlet's records table, WAL and synchronous=FULL, committing every
// `per_transaction` records. Only the inserts and commits are timed; the records are
// generated before each transaction.
// `durable` false uses synchronous=OFF instead, to show what the fsyncs cost.
CeilingResult SqliteCeiling(const std::string& dir, uint32_t stream, int64_t records,
                            int64_t per_transaction, bool durable = true);

// A time-ordered id in UUIDv7's text form, made cheaply: a ceiling measures the database,
// not a random number generator.
std::string OrderedId(int64_t now_ms, int64_t counter);

// The median time of fdatasync after appending 4 KiB to a new file in `dir`: what every
// durable commit waits for at least, whatever it holds.
double FdatasyncMs(const std::string& dir);

}  // namespace inlet::bench
