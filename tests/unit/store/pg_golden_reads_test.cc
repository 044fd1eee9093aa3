// PgGoldenReads against a fresh PostgreSQL database: golden records with their codes,
// parts and edges, what a receipt's records came to, the change feed, history and
// keep-apart rules, written with plain SQL and read back as the SQLite store reads them.
#include "store/pg_golden_reads.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/pg_schema.h"
#include "support/postgres_database.h"

namespace inlet::store {
namespace {

std::vector<int64_t> KeysOf(const std::vector<GoldenRecord>& records) {
  std::vector<int64_t> keys;
  for (const auto& record : records) keys.push_back(record.key);
  return keys;
}

std::vector<int64_t> SeqsOf(const ChangePage& page) {
  std::vector<int64_t> seqs;
  for (const auto& change : page.items) seqs.push_back(change.seq);
  return seqs;
}

// A JSON document of exactly `bytes` bytes.
std::string DocumentOf(size_t bytes) { return "{\"v\":\"" + std::string(bytes - 8, 'x') + "\"}"; }

class PgGoldenReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pool = PgPool::Open(database_.url(), 2);
    ASSERT_TRUE(pool.ok()) << pool.status().message();
    pool_ = std::move(*pool);
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().message();
    auto migrated = MigratePostgres(**lease);
    ASSERT_TRUE(migrated.ok()) << migrated.status().message();
    reads_ = std::make_unique<PgGoldenReads>(pool_);
    endpoint_ = AddEndpoint("ep-1");
  }

  PgResult Query(const std::string& sql, const std::vector<PgParam>& params = {}) {
    auto lease = pool_->Acquire();
    if (!lease.ok()) throw std::runtime_error(lease.status().message());
    auto rows = (*lease)->Query(sql, params, "test");
    if (!rows.ok()) throw std::runtime_error(rows.status().message());
    return std::move(*rows);
  }

  // The first column of the first row (0 when there is none).
  int64_t Int(const std::string& sql, const std::vector<PgParam>& params = {}) {
    PgResult rows = Query(sql, params);
    return rows.Rows() > 0 ? rows.Int(0, 0) : 0;
  }

  std::string Text(const std::string& sql, const std::vector<PgParam>& params = {}) {
    PgResult rows = Query(sql, params);
    return rows.Rows() > 0 ? rows.Text(0, 0) : "";
  }

  int64_t AddEndpoint(const std::string& id) {
    return Int(
        "WITH g AS (INSERT INTO groups (name, created_at) VALUES ($1, 0) RETURNING id), "
        "s AS (INSERT INTO sources (group_id, name, created_at) SELECT id, $1, 0 FROM g "
        "RETURNING id) INSERT INTO endpoints (id, name, source_id, mode, status, mapping, "
        "created_at, updated_at) SELECT $1, $1, id, 'manual', 'ready', '{}', 0, 0 FROM s "
        "RETURNING key",
        {id});
  }

  int64_t AddGolden(const std::string& id, const std::string& type, const std::string& name = "",
                    const std::string& document = "{}", const std::string& search_text = "") {
    return Int(
        "INSERT INTO golden_records (id, entity_type, shadow, name, document, search_text, "
        "created_at, updated_at) VALUES ($1, $2, false, $3, $4, $5, 1000, 2000) RETURNING key",
        {id, type, name, document, search_text});
  }

  void AddCode(const std::string& code, int64_t golden_key) {
    Query("INSERT INTO codes (code, golden_key) VALUES ($1, $2)", {code, golden_key});
  }

  // A part of record `seq` of `endpoint` (the fixture's by default); its order.
  int64_t AddPart(int64_t golden_key, int64_t seq, int64_t endpoint = 0) {
    return Int(
        "INSERT INTO data_parts (endpoint_key, record_seq, record_id, receipt_seq, receipt_id, "
        "golden_key, clue_hash, source_hash, payload) VALUES ($1, $2, $3, 1, 'receipt-1', $4, "
        "'\\x01'::bytea, '\\x02'::bytea, '{}') RETURNING part_order",
        {endpoint != 0 ? endpoint : endpoint_, seq, "rec-" + std::to_string(seq), golden_key});
  }

  void Merge(int64_t from, int64_t into) {
    Query("UPDATE golden_records SET merged_into = $2 WHERE key = $1", {from, into});
  }

  // An upsert of the golden record, which is now its latest change; its seq.
  int64_t Upsert(int64_t golden_key) {
    return Int(
        "WITH c AS (INSERT INTO golden_changes (seq, op, golden_key, golden_id, entity_type, at) "
        "SELECT nextval('golden_change_seq'), 0, key, id, entity_type, 3000 FROM golden_records "
        "WHERE key = $1 RETURNING seq) UPDATE golden_records SET change_seq = (SELECT seq FROM c) "
        "WHERE key = $1 RETURNING change_seq",
        {golden_key});
  }

  // A delete of the golden record (by a merge into `survivor_id` when given); its seq.
  int64_t DeleteChange(int64_t golden_key, const std::string& survivor_id = "") {
    return Int(
        "INSERT INTO golden_changes (seq, op, golden_key, golden_id, entity_type, merged_into, "
        "at) SELECT nextval('golden_change_seq'), 1, key, id, entity_type, $2, 3000 "
        "FROM golden_records WHERE key = $1 RETURNING seq",
        {golden_key, survivor_id.empty() ? PgParam::Null() : PgParam(survivor_id)});
  }

  // Designated initializers that skip members trip -Wmissing-field-initializers: a query
  // is made by a function that sets what it needs.
  using SetChangeQuery = std::function<void(ChangeQuery&)>;
  using SetGoldenQuery = std::function<void(GoldenQuery&)>;

  ChangePage Changes(const SetChangeQuery& set = {}) {
    ChangeQuery query;
    if (set) set(query);
    auto page = reads_->ReadChanges(query);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? *page : ChangePage{};
  }

  std::vector<GoldenRecord> List(const SetGoldenQuery& set = {}) {
    GoldenQuery query;
    if (set) set(query);
    auto records = reads_->ListGoldenRecords(query);
    EXPECT_TRUE(records.ok()) << records.status().message();
    return records.ok() ? *records : std::vector<GoldenRecord>{};
  }

  inlet::testing::PostgresDatabase database_;
  std::shared_ptr<PgPool> pool_;
  std::unique_ptr<PgGoldenReads> reads_;
  int64_t endpoint_ = 0;
};

TEST_F(PgGoldenReadsTest, AGoldenRecordComesWithItsCodesPartsAndWhatWasMergedIntoIt) {
  const int64_t other = AddEndpoint("ep-2");
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann", "{\"a\":1}");
  const int64_t old1 = AddGolden("id-old1", "/Customer");
  const int64_t old2 = AddGolden("id-old2", "/Customer");
  Query("UPDATE golden_records SET shadow = true WHERE key = $1", {ann});
  for (const char* code : {"b", "B", "a"}) AddCode(code, ann);
  const int64_t first = AddPart(ann, 1);
  AddPart(ann, 2);
  AddPart(ann, 5, other);
  Merge(old2, ann);
  Merge(old1, ann);

  auto read = reads_->GetGoldenRecord("id-old2", {});
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_TRUE(read->has_value()) << "a merged-away id reads its survivor";
  const GoldenRecord& golden = **read;
  EXPECT_EQ(golden.key, ann);
  EXPECT_EQ(golden.id, "id-ann");
  EXPECT_EQ(golden.entity_type, "/Customer");
  EXPECT_TRUE(golden.shadow);
  EXPECT_EQ(golden.name, "Ann");
  EXPECT_EQ(golden.document, "{\"a\":1}");
  EXPECT_EQ(golden.created_at_ms, 1000);
  EXPECT_EQ(golden.updated_at_ms, 2000);
  EXPECT_EQ(golden.codes, (std::vector<std::string>{"B", "a", "b"})) << "bytewise, as SQLite";
  EXPECT_EQ(golden.code_count, 3);
  EXPECT_EQ(golden.part_count, 3);
  ASSERT_EQ(golden.parts.size(), 3u);
  EXPECT_EQ(golden.parts[0].endpoint_id, "ep-1");
  EXPECT_EQ(golden.parts[0].record_id, "rec-1");
  EXPECT_EQ(golden.parts[0].receipt_id, "receipt-1");
  EXPECT_EQ(golden.parts[0].order, first);
  EXPECT_EQ(golden.parts[2].endpoint_id, "ep-2");
  EXPECT_EQ(golden.parts[2].record_id, "rec-5");
  EXPECT_LT(golden.parts[1].order, golden.parts[2].order);
  EXPECT_EQ(golden.merged_from, (std::vector<std::string>{"id-old1", "id-old2"}));
  EXPECT_TRUE(golden.named_parts.empty());

  auto none = reads_->GetGoldenRecord("id-nobody", {});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(PgGoldenReadsTest, ARecordReadHoldsTheFirstItemsAndTheNamedPartsBeyondThem) {
  const int64_t big = AddGolden("id-big", "/Customer", "Big", "{\"big\":1}");
  const int64_t huge = AddGolden("id-huge", "/Customer", "Huge", "{\"huge\":1}");
  const int64_t small = AddGolden("id-small", "/Customer");
  AddPart(small, 1000);
  for (int64_t key : {big, huge}) {
    Query(
        "INSERT INTO codes (code, golden_key) SELECT $2 || lpad(i::text, 3, '0'), $1 "
        "FROM generate_series(1, 105) i",
        {key, "c" + std::to_string(key) + "-"});
    for (int64_t seq = 1; seq <= 105; ++seq) AddPart(key, key * 1000 + seq);
  }
  std::vector<std::string> documents;
  const PartIndexesOf named = [&](const std::string& document) {
    documents.push_back(document);
    return std::vector<int64_t>{2, 101, 104, 104, 105, 200, -1};
  };

  auto read = reads_->GetGoldenRecord("id-big", named);
  ASSERT_TRUE(read.ok() && read->has_value()) << read.status().message();
  const GoldenRecord& golden = **read;
  EXPECT_EQ(documents, std::vector<std::string>{"{\"big\":1}"});
  EXPECT_EQ(golden.codes.size(), 100u);
  EXPECT_EQ(golden.codes.back(), "c" + std::to_string(big) + "-100");
  EXPECT_EQ(golden.code_count, 105);
  ASSERT_EQ(golden.parts.size(), 100u);
  EXPECT_EQ(golden.part_count, 105);
  ASSERT_EQ(golden.named_parts.size(), 2u) << "only indexes past the first parts, and real";
  EXPECT_EQ(golden.PartAt(2)->record_id, "rec-" + std::to_string(big * 1000 + 3));
  EXPECT_EQ(golden.PartAt(101)->record_id, "rec-" + std::to_string(big * 1000 + 102));
  EXPECT_EQ(golden.PartAt(104)->record_id, "rec-" + std::to_string(big * 1000 + 105));
  EXPECT_EQ(golden.PartAt(104)->endpoint_id, "ep-1");

  auto plain = reads_->GetGoldenRecord("id-big", {});
  ASSERT_TRUE(plain.ok() && plain->has_value());
  EXPECT_TRUE((*plain)->named_parts.empty());

  // A list reads the named parts of each of its records; one with all its parts read
  // has its document left alone.
  documents.clear();
  auto records = List([&](auto& q) { q.named_parts = named; });
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(documents.size(), 2u);
  EXPECT_EQ(records[1].PartAt(101)->record_id, "rec-" + std::to_string(huge * 1000 + 102));
  EXPECT_EQ(records[1].named_parts.size(), 2u);
  EXPECT_EQ(records[0].named_parts.size(), 2u);
  EXPECT_EQ(records[2].parts.size(), 1u);
  EXPECT_TRUE(records[2].named_parts.empty());
}

TEST_F(PgGoldenReadsTest, PartsAndCodesArePagedAfterTheirCursor) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t old = AddGolden("id-old", "/Customer");
  AddGolden("id-empty", "/Customer");
  Merge(old, ann);
  for (const char* code : {"c", "a", "b"}) AddCode(code, ann);
  const int64_t first = AddPart(ann, 1), second = AddPart(ann, 2), third = AddPart(ann, 3);

  auto parts = reads_->GoldenParts("id-old", first, 1);
  ASSERT_TRUE(parts.ok() && parts->has_value()) << parts.status().message();
  ASSERT_EQ((*parts)->size(), 1u);
  EXPECT_EQ((**parts)[0].order, second);
  EXPECT_EQ((**parts)[0].record_id, "rec-2");
  EXPECT_EQ((**parts)[0].endpoint_id, "ep-1");
  EXPECT_EQ((*reads_->GoldenParts("id-ann", std::nullopt, 10))->size(), 3u);
  auto after_last = reads_->GoldenParts("id-ann", third, 10);
  ASSERT_TRUE(after_last.ok() && after_last->has_value());
  EXPECT_TRUE((*after_last)->empty());
  auto none = reads_->GoldenParts("id-empty", std::nullopt, 10);
  ASSERT_TRUE(none.ok() && none->has_value()) << "a golden record with no parts";
  EXPECT_TRUE((*none)->empty());
  EXPECT_FALSE(reads_->GoldenParts("id-nobody", std::nullopt, 10)->has_value());

  auto codes = reads_->GoldenCodes("id-old", std::string("a"), 1);
  ASSERT_TRUE(codes.ok() && codes->has_value()) << codes.status().message();
  EXPECT_EQ(**codes, std::vector<std::string>{"b"});
  EXPECT_EQ(**reads_->GoldenCodes("id-ann", std::nullopt, 10),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE((*reads_->GoldenCodes("id-ann", std::string("c"), 10))->empty());
  EXPECT_TRUE((*reads_->GoldenCodes("id-empty", std::nullopt, 10))->empty());
  EXPECT_FALSE(reads_->GoldenCodes("id-nobody", std::nullopt, 10)->has_value());
}

TEST_F(PgGoldenReadsTest, ListingFiltersAndPagesLiveGoldenRecords) {
  const int64_t other = AddEndpoint("ep-2");
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann Smith", "{}", "Ann Smith\nVIP");
  const int64_t bob = AddGolden("id-bob", "/Customer", "Bob");
  const int64_t eve = AddGolden("id-eve", "/Employee", "Eve");
  const int64_t old = AddGolden("id-old", "/Customer", "Old Smith");
  const int64_t pct = AddGolden("id-pct", "/Customer", "100% sure_thing");
  Merge(old, ann);
  AddCode("CUST-1", ann);
  AddCode("CUST-2", bob);
  AddCode("emp_9", eve);
  AddPart(ann, 1);
  AddPart(bob, 7, other);
  AddPart(eve, 3);

  auto keys = [&](const SetGoldenQuery& set = {}) { return KeysOf(List(set)); };
  using Keys = std::vector<int64_t>;
  EXPECT_EQ(keys(), (Keys{ann, bob, eve, pct})) << "merged-away records are not listed";
  EXPECT_EQ(keys([&](auto& q) { q.entity_type = "/Customer"; }), (Keys{ann, bob, pct}));
  EXPECT_EQ(keys([&](auto& q) {
              q.after_key = ann;
              q.limit = 2;
            }),
            (Keys{bob, eve}));
  EXPECT_EQ(keys([&](auto& q) { q.code = "CUST-2"; }), Keys{bob});
  EXPECT_EQ(keys([&](auto& q) { q.code = "CUST-3"; }), Keys{});
  EXPECT_EQ(keys([&](auto& q) { q.endpoint_key = endpoint_; }), (Keys{ann, eve}));
  EXPECT_EQ(keys([&](auto& q) { q.endpoint_key = other; }), Keys{bob});
  EXPECT_EQ(keys([&](auto& q) { q.records = RecordRange{endpoint_, 2, 3}; }), Keys{eve});
  EXPECT_EQ(keys([&](auto& q) { q.records = RecordRange{endpoint_, 1, 1}; }), Keys{ann});
  EXPECT_EQ(keys([&](auto& q) { q.records = RecordRange{other, 1, 6}; }), Keys{});
  EXPECT_EQ(keys([&](auto& q) {
              q.entity_type = "/Customer";
              q.endpoint_key = endpoint_;
            }),
            Keys{ann});

  // Text: a case-insensitive substring of the name, the search text or a code, with LIKE's
  // wildcards taken literally.
  EXPECT_EQ(keys([&](auto& q) { q.text = "SMITH"; }), Keys{ann});
  EXPECT_EQ(keys([&](auto& q) { q.text = "vip"; }), Keys{ann});
  EXPECT_EQ(keys([&](auto& q) { q.text = "cust-2"; }), Keys{bob});
  EXPECT_EQ(keys([&](auto& q) { q.text = "%"; }), Keys{pct});
  EXPECT_EQ(keys([&](auto& q) { q.text = "_"; }), (Keys{eve, pct}));
  EXPECT_EQ(keys([&](auto& q) { q.text = "e_e"; }), Keys{})
      << "_ is no wildcard: Eve does not match";
  EXPECT_EQ(keys([&](auto& q) { q.text = "0% s"; }), Keys{pct});
  EXPECT_EQ(keys([&](auto& q) { q.text = "\\"; }), Keys{});
  EXPECT_EQ(keys([&](auto& q) {
              q.entity_type = "/Employee";
              q.text = "_";
            }),
            Keys{eve});

  auto full = List([&](auto& q) { q.code = "CUST-1"; });
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].codes, std::vector<std::string>{"CUST-1"});
  EXPECT_EQ(full[0].parts.size(), 1u);
  EXPECT_EQ(full[0].part_count, 1);
  EXPECT_EQ(full[0].name, "Ann Smith");
  EXPECT_TRUE(full[0].merged_from.empty()) << "a list does not read merges, as on SQLite";

  auto bare = List([&](auto& q) {
    q.code = "CUST-1";
    q.codes_and_parts = false;
  });
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_TRUE(bare[0].codes.empty());
  EXPECT_TRUE(bare[0].parts.empty());
  EXPECT_EQ(bare[0].code_count, 0);
  EXPECT_EQ(bare[0].part_count, 0);
}

TEST_F(PgGoldenReadsTest, ListingStopsAfterTheRecordThatReachesTheByteBound) {
  const int64_t a = AddGolden("id-a", "/T", "", DocumentOf(1000));
  const int64_t b = AddGolden("id-b", "/T", "", DocumentOf(1000));
  const int64_t c = AddGolden("id-c", "/T", "", DocumentOf(1000));
  AddGolden("id-d", "/T", "", DocumentOf(1000));
  using Keys = std::vector<int64_t>;
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 2500; })), (Keys{a, b, c}));
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 1000; })), Keys{a});
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 1050; })), (Keys{a, b}));
  EXPECT_EQ(KeysOf(List([&](auto& q) {
              q.limit = 2;
              q.max_bytes = 100000;
            })),
            (Keys{a, b}));
  EXPECT_EQ(List().size(), 4u);
  // A part adds about 100 bytes, a code its length and 3: codes and parts count too.
  AddPart(a, 1);
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 1050; })), Keys{a});
  EXPECT_EQ(KeysOf(List([&](auto& q) {
              q.max_bytes = 1050;
              q.codes_and_parts = false;
            })),
            (Keys{a, b}));
  AddCode("xy", b);
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 2104; })), (Keys{a, b}));
  EXPECT_EQ(KeysOf(List([&](auto& q) { q.max_bytes = 2106; })), (Keys{a, b, c}));
}

TEST_F(PgGoldenReadsTest, EdgesLeadOutToCodesAndInFromOtherRecordsParts) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  AddCode("A1", ann);
  AddCode("B1", bob);
  AddPart(ann, 1);
  AddPart(ann, 3);
  AddPart(bob, 2);
  auto edge = [&](int64_t seq, const std::string& type, const std::string& target) {
    Query(
        "INSERT INTO part_edges (endpoint_key, record_seq, edge_type, target_code) "
        "VALUES ($1, $2, $3, $4)",
        {endpoint_, seq, type, target});
  };
  edge(1, "knows", "B1");
  edge(1, "knows", "ZZ-unknown");
  edge(1, "employs", "B1");
  edge(3, "knows", "B1");
  edge(2, "knows", "A1");

  auto out = reads_->OutgoingEdges(ann);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->size(), 3u) << "each edge once";
  EXPECT_EQ((*out)[0].edge_type, "employs");
  EXPECT_EQ((*out)[0].target_id, "id-bob");
  EXPECT_EQ((*out)[1].edge_type, "knows");
  EXPECT_EQ((*out)[1].target_code, "B1");
  EXPECT_EQ((*out)[2].target_code, "ZZ-unknown");
  EXPECT_EQ((*out)[2].target_id, "") << "a code of no golden record";

  auto in = reads_->IncomingEdges(bob);
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_EQ(in->size(), 2u);
  EXPECT_EQ((*in)[0].edge_type, "employs");
  EXPECT_EQ((*in)[0].source_id, "id-ann");
  EXPECT_EQ((*in)[1].edge_type, "knows");
  EXPECT_EQ((*in)[1].source_id, "id-ann");
  ASSERT_EQ(reads_->IncomingEdges(ann)->size(), 1u);
  EXPECT_EQ((*reads_->IncomingEdges(ann))[0].source_id, "id-bob");
}

TEST_F(PgGoldenReadsTest, ReceiptOutcomesMergeProcessedAndPendingRecords) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  const int64_t old = AddGolden("id-old", "/Customer");
  Merge(old, ann);
  Query(
      "INSERT INTO records (seq, endpoint_key, receipt_seq, row_index, id, received_at, data) "
      "SELECT s, $1, 1, s - 10, 'r' || s, 0, '{}' FROM generate_series(9, 14) s",
      {endpoint_});
  auto outcome = [&](int64_t seq, RecordOutcome what, std::optional<int64_t> golden,
                     std::optional<int64_t> row_index) {
    Query(
        "INSERT INTO record_outcomes (endpoint_key, record_seq, row_index, record_id, outcome, "
        "golden_key) VALUES ($1, $2, $3, $4, $5, $6)",
        {endpoint_, seq, row_index, "r" + std::to_string(seq), static_cast<int64_t>(what), golden});
  };
  outcome(9, RecordOutcome::kCreated, bob, 0);
  outcome(10, RecordOutcome::kCreated, ann, 0);
  outcome(11, RecordOutcome::kMerged, old, 1);
  outcome(12, RecordOutcome::kFailed, std::nullopt, 2);
  outcome(15, RecordOutcome::kUnchanged, bob, std::nullopt);  // its record was cleared

  const RecordRange range{endpoint_, 10, 15};
  auto all = reads_->ReceiptOutcomes(range, std::nullopt, 100);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 6u);
  const std::vector<RecordOutcome> expected = {RecordOutcome::kCreated, RecordOutcome::kMerged,
                                               RecordOutcome::kFailed,  RecordOutcome::kPending,
                                               RecordOutcome::kPending, RecordOutcome::kUnchanged};
  const std::vector<std::string> entities = {"id-ann", "id-ann", "", "", "", "id-bob"};
  for (size_t i = 0; i < all->size(); ++i) {
    const RecordOutcomeRef& got = (*all)[i];
    EXPECT_EQ(got.record_seq, static_cast<int64_t>(10 + i));
    EXPECT_EQ(got.record_id, "r" + std::to_string(10 + i));
    EXPECT_EQ(got.outcome, expected[i]) << i;
    EXPECT_EQ(got.entity_id, entities[i]) << i << ": a merged-away one's survivor";
  }
  EXPECT_EQ((*all)[3].row_index, 3) << "a pending record's row";
  EXPECT_FALSE((*all)[5].row_index.has_value());

  auto page = reads_->ReceiptOutcomes(range, 11, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].record_seq, 12);
  EXPECT_EQ((*page)[1].record_seq, 13);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedSkipsSupersededUpsertsAndReadsTheirGoldenRecords) {
  EXPECT_EQ(Changes().next_seq, 0) << "an empty feed";
  EXPECT_EQ(*reads_->LatestChangeSeq(), 0);
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  const int64_t eve = AddGolden("id-eve", "/Employee");
  AddCode("A1", ann);
  AddPart(ann, 1);
  EXPECT_EQ(Upsert(ann), 1);
  EXPECT_EQ(Upsert(bob), 2);
  EXPECT_EQ(Upsert(eve), 3);
  EXPECT_EQ(Upsert(ann), 4);  // supersedes 1
  EXPECT_EQ(DeleteChange(bob, "id-ann"), 5);
  Merge(bob, ann);
  EXPECT_EQ(DeleteChange(eve), 6);
  Query("DELETE FROM golden_records WHERE key = $1", {eve});

  ChangePage page = Changes();
  EXPECT_EQ(SeqsOf(page), (std::vector<int64_t>{4, 5, 6}));
  EXPECT_EQ(page.next_seq, 6);
  EXPECT_FALSE(page.more);
  ASSERT_EQ(page.items.size(), 3u);
  const GoldenChange& upsert = page.items[0];
  EXPECT_EQ(upsert.op, ChangeOp::kUpsert);
  EXPECT_EQ(upsert.entity_id, "id-ann");
  EXPECT_EQ(upsert.entity_type, "/Customer");
  EXPECT_EQ(upsert.at_ms, 3000);
  ASSERT_TRUE(upsert.entity.has_value());
  EXPECT_EQ(upsert.entity->name, "Ann");
  EXPECT_EQ(upsert.entity->codes, std::vector<std::string>{"A1"});
  EXPECT_EQ(upsert.entity->part_count, 1);
  EXPECT_EQ(upsert.entity->merged_from, std::vector<std::string>{"id-bob"});
  EXPECT_EQ(page.items[1].op, ChangeOp::kDelete);
  EXPECT_EQ(page.items[1].merged_into, "id-ann");
  EXPECT_FALSE(page.items[1].entity.has_value());
  EXPECT_EQ(page.items[2].entity_id, "id-eve");
  EXPECT_EQ(page.items[2].merged_into, "");

  ChangePage employees = Changes([&](auto& q) { q.entity_type = "/Employee"; });
  EXPECT_EQ(SeqsOf(employees), std::vector<int64_t>{6});
  EXPECT_EQ(employees.next_seq, 6);
  EXPECT_EQ(*reads_->LatestChangeSeq(), 6);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedPagesByLimitAndExaminesAtMostMaxExamined) {
  for (int i = 1; i <= 10; ++i) {
    Upsert(AddGolden("id-" + std::to_string(i), i <= 8 ? "/A" : "/B"));
  }
  using Seqs = std::vector<int64_t>;
  ChangePage first = Changes([&](auto& q) { q.limit = 3; });
  EXPECT_EQ(SeqsOf(first), (Seqs{1, 2, 3}));
  EXPECT_EQ(first.next_seq, 3);
  EXPECT_TRUE(first.more);
  ChangePage second = Changes([&](auto& q) {
    q.after_seq = 3;
    q.limit = 3;
  });
  EXPECT_EQ(SeqsOf(second), (Seqs{4, 5, 6}));
  EXPECT_EQ(second.next_seq, 6);
  ChangePage last = Changes([&](auto& q) {
    q.after_seq = 9;
    q.limit = 3;
  });
  EXPECT_EQ(SeqsOf(last), Seqs{10});
  EXPECT_EQ(last.next_seq, 10);
  EXPECT_FALSE(last.more);
  ChangePage full = Changes([&](auto& q) { q.limit = 10; });
  EXPECT_EQ(full.items.size(), 10u);
  EXPECT_TRUE(full.more) << "a full page stops before looking further, as on SQLite";

  ChangePage rare = Changes([&](auto& q) {
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_TRUE(rare.items.empty());
  EXPECT_EQ(rare.next_seq, 4) << "the last change looked at";
  EXPECT_TRUE(rare.more);
  rare = Changes([&](auto& q) {
    q.after_seq = 4;
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_EQ(rare.next_seq, 8);
  EXPECT_TRUE(rare.more);
  rare = Changes([&](auto& q) {
    q.after_seq = 8;
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_EQ(SeqsOf(rare), (Seqs{9, 10}));
  EXPECT_EQ(rare.next_seq, 10);
  EXPECT_FALSE(rare.more);
  ChangePage end = Changes([&](auto& q) { q.after_seq = 10; });
  EXPECT_TRUE(end.items.empty());
  EXPECT_EQ(end.next_seq, 10) << "the cursor, when nothing follows it";
  EXPECT_FALSE(end.more);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedStopsAfterTheChangeThatReachesTheByteBound) {
  const int64_t a = AddGolden("id-a", "/T", "", DocumentOf(1000));
  const int64_t b = AddGolden("id-b", "/T", "", DocumentOf(1000));
  const int64_t c = AddGolden("id-c", "/T", "", DocumentOf(1000));
  Upsert(a);
  DeleteChange(AddGolden("id-gone", "/T"));
  Upsert(b);
  Upsert(c);
  using Seqs = std::vector<int64_t>;
  ChangePage page = Changes([&](auto& q) { q.max_bytes = 1500; });
  EXPECT_EQ(SeqsOf(page), (Seqs{1, 2, 3}));
  EXPECT_EQ(page.next_seq, 3);
  EXPECT_TRUE(page.more);
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 1000; })), Seqs{1});
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 2500; })), (Seqs{1, 2, 3, 4}));
  AddPart(a, 1);  // about 100 bytes more
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 1050; })), Seqs{1});
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) {
              q.after_seq = 1;
              q.max_bytes = 1050;
            })),
            (Seqs{2, 3, 4}));
}

TEST_F(PgGoldenReadsTest, ACursorBeforeWhatRetentionRemovedIsGone) {
  for (const char* id : {"id-a", "id-b", "id-c"}) Upsert(AddGolden(id, "/T"));
  Query("DELETE FROM golden_changes WHERE seq < 3");
  Query("UPDATE store_meta SET value = 2 WHERE name = 'changes_pruned_through'");

  ChangeQuery expired;
  expired.after_seq = 1;
  auto gone = reads_->ReadChanges(expired);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kGone);
  EXPECT_EQ(gone.status().message_id(), "cursor-expired");
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.after_seq = 2; })), std::vector<int64_t>{3});
  EXPECT_EQ(SeqsOf(Changes()), std::vector<int64_t>{3}) << "from the first change kept";

  EXPECT_EQ(*reads_->LatestChangeSeq(), 3);
  Query("DELETE FROM golden_changes");
  Query("UPDATE store_meta SET value = 5 WHERE name = 'changes_pruned_through'");
  EXPECT_EQ(*reads_->LatestChangeSeq(), 5) << "the feed never starts over";
}

TEST_F(PgGoldenReadsTest, HistoryStartsWithTheCreationAndPagesByEvents) {
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann", "{\"now\":1}");
  const int64_t old = AddGolden("id-old", "/Customer");
  Query(
      "UPDATE golden_records SET creation = '[\"created\"]', creation_job = 'job-1' "
      "WHERE key = $1",
      {ann});
  auto add = [&](int64_t key, int64_t at, std::optional<std::string> job,
                 const std::string& events) {
    return Int(
        "INSERT INTO golden_history (golden_key, at, job_id, events) "
        "VALUES ($1, $2, $3, $4) RETURNING seq",
        {key, at, job ? PgParam(*job) : PgParam::Null(), events});
  };
  const int64_t h1 = add(ann, 2000, "job-2", "[1]");
  const int64_t h2 = add(ann, 3000, std::nullopt, "[" + std::string(80, ' ') + "]");  // 3 events
  const int64_t own = add(old, 2500, "job-3", "[\"merged\"]");
  const int64_t h3 = add(ann, 4000, "job-4", "[3]");
  Merge(old, ann);

  auto read = [&](const std::string& id, std::optional<int64_t> after, int limit) {
    auto history = reads_->ReadGoldenHistory(id, after, limit);
    EXPECT_TRUE(history.ok() && history->has_value()) << history.status().message();
    return history.ok() && history->has_value() ? **history : GoldenHistory{};
  };
  auto seqs = [](const GoldenHistory& history) {
    std::vector<int64_t> seqs;
    for (const auto& row : history.rows) seqs.push_back(row.seq);
    return seqs;
  };
  using Seqs = std::vector<int64_t>;
  GoldenHistory all = read("id-ann", std::nullopt, 100);
  EXPECT_EQ(all.entity_id, "id-ann");
  EXPECT_EQ(all.document, "{\"now\":1}");
  EXPECT_EQ(seqs(all), (Seqs{0, h1, h2, h3}));
  EXPECT_FALSE(all.more);
  EXPECT_EQ(all.rows[0].at_ms, 1000);
  EXPECT_EQ(all.rows[0].job_id, "job-1");
  EXPECT_EQ(all.rows[0].events, "[\"created\"]");
  EXPECT_EQ(all.rows[1].job_id, "job-2");
  EXPECT_EQ(all.rows[1].at_ms, 2000);
  EXPECT_EQ(all.rows[2].job_id, "") << "no job made it";

  GoldenHistory two = read("id-ann", std::nullopt, 2);
  EXPECT_EQ(seqs(two), (Seqs{0, h1}));
  EXPECT_TRUE(two.more);
  GoldenHistory by_events = read("id-ann", std::nullopt, 3);
  EXPECT_EQ(seqs(by_events), (Seqs{0, h1, h2}));
  EXPECT_TRUE(by_events.more);
  GoldenHistory rest = read("id-ann", h1, 100);
  EXPECT_EQ(seqs(rest), (Seqs{h2, h3})) << "no creation after a cursor";
  EXPECT_FALSE(rest.more);

  GoldenHistory merged = read("id-old", std::nullopt, 100);
  EXPECT_EQ(seqs(merged), Seqs{own}) << "its own history, not its survivor's; no creation";
  auto none = reads_->ReadGoldenHistory("id-nobody", std::nullopt, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

class PgGoldenReadsKeepApartTest : public PgGoldenReadsTest {
 protected:
  void SetUp() override {
    PgGoldenReadsTest::SetUp();
    other_ = AddEndpoint("ep-2");
  }

  void AddRule(const std::string& id, const std::string& taken, const std::string& stays,
               std::optional<std::string> job) {
    const int64_t seq =
        Int("INSERT INTO keep_apart (id, taken_code, taken_endpoint_key, taken_record_id, "
            "stays_code, stays_endpoint_key, stays_record_id, created_at, job_id) "
            "VALUES ($1, $2, $3, 'rec-' || $2::text, $4, $5, 'rec-' || $4::text, 5000, $6) "
            "RETURNING seq",
            {id, taken, endpoint_, stays, other_, job ? PgParam(*job) : PgParam::Null()});
    Query(
        "INSERT INTO keep_apart_sides (code, rule_seq, other_code) VALUES ($1, $3, $2), "
        "($2, $3, $1)",
        {taken, stays, seq});
  }

  void KeepPart(int64_t seq, const std::string& code, int64_t golden_key) {
    Query(
        "INSERT INTO kept_apart_parts (endpoint_key, record_seq, code, golden_key) "
        "VALUES ($1, $2, $3, $4)",
        {endpoint_, seq, code, golden_key});
  }

  std::string HashesOf(int64_t seq) {
    return Text(
        "SELECT encode(clue_hash, 'hex') || '/' || COALESCE(encode(source_hash, 'hex'), '-') "
        "FROM data_parts WHERE endpoint_key = $1 AND record_seq = $2",
        {endpoint_, seq});
  }

  int64_t other_ = 0;
};

TEST_F(PgGoldenReadsKeepApartTest, RulesAreListedOldestFirst) {
  AddRule("rule-1", "T1", "S1", "job-1");
  AddRule("rule-2", "T2", "S1", std::nullopt);
  AddRule("rule-3", "T3", "S3", "job-3");

  auto rules = reads_->ListKeepApart(std::nullopt, 10);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  ASSERT_EQ(rules->size(), 3u);
  const KeepApartRule& first = (*rules)[0];
  EXPECT_EQ(first.id, "rule-1");
  EXPECT_EQ(first.job_id, "job-1");
  EXPECT_EQ(first.created_at_ms, 5000);
  EXPECT_EQ(first.taken_out.code, "T1");
  EXPECT_EQ(first.taken_out.endpoint_id, "ep-1");
  EXPECT_EQ(first.taken_out.record_id, "rec-T1");
  EXPECT_EQ(first.stays.code, "S1");
  EXPECT_EQ(first.stays.endpoint_id, "ep-2");
  EXPECT_EQ(first.stays.record_id, "rec-S1");
  EXPECT_EQ((*rules)[1].job_id, "");

  auto page = reads_->ListKeepApart(first.seq, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, "rule-2");
}

TEST_F(PgGoldenReadsKeepApartTest, DeletingARuleMakesTheTakenOutRecordMappedAgain) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  AddRule("rule-1", "T1", "S1", "job-1");
  AddRule("rule-2", "T2", "S1", "job-2");
  AddPart(ann, 1);  // two parts of the taken-out record (sent twice)
  AddPart(ann, 2);
  AddPart(bob, 3);  // the record that stays
  AddPart(ann, 4);  // the other rule's taken-out record
  KeepPart(1, "T1", ann);
  KeepPart(2, "T1", ann);
  KeepPart(3, "S1", bob);
  KeepPart(4, "T2", ann);

  ASSERT_TRUE(reads_->DeleteKeepApart("rule-1").ok());
  const std::string forgotten = std::string(32, '0') + "/-";
  EXPECT_EQ(HashesOf(1), forgotten) << "the next job maps the record again";
  EXPECT_EQ(HashesOf(2), forgotten);
  EXPECT_EQ(HashesOf(3), "01/02") << "the record that stays is left as it is";
  EXPECT_EQ(HashesOf(4), "01/02");
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart_sides"), 2);
  EXPECT_EQ(Text("SELECT string_agg(code, ',' ORDER BY record_seq) FROM kept_apart_parts"), "S1,T2")
      << "the parts only the deleted rule named are forgotten";

  Status again = reads_->DeleteKeepApart("rule-1");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(again.message_id(), "rule-not-found");

  ASSERT_TRUE(reads_->DeleteKeepApart("rule-2").ok());
  EXPECT_EQ(HashesOf(4), forgotten);
  EXPECT_EQ(HashesOf(3), "01/02");
  EXPECT_EQ(Int("SELECT count(*) FROM kept_apart_parts"), 0);
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart_sides"), 0);
  EXPECT_TRUE(reads_->ListKeepApart(std::nullopt, 10)->empty());
}

}  // namespace
}  // namespace inlet::store
