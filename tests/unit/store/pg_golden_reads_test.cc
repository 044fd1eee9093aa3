// PgGoldenReads against a fresh PostgreSQL database: golden records with their codes,
// parts and edges, written with plain SQL and read back as the SQLite store reads them.
#include "pg_golden_reads_fixture.h"

namespace inlet::store::pg_testing {
namespace {

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

}  // namespace
}  // namespace inlet::store::pg_testing
