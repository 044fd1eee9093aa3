#include "store/pg_search_index.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "inlet/common/catch_all.h"
#include "inlet/common/search_text.h"
#include "inlet/common/utf8.h"
#include "store/pg_array.h"
#include "store/search_words.h"

namespace inlet::store {
namespace {

constexpr int kIndexBatch = 2000;

// The words the index keeps of one record, space-separated (spaces separate words, so
// none holds one).
std::string IndexedWords(const std::string& record_json) {
  std::string joined;
  for (const std::string& word : SearchWords(SearchableText(record_json))) {
    if (word.size() > kMaxSearchWordBytes || !IsCleanUtf8(word)) continue;
    if (!joined.empty()) joined.push_back(' ');
    joined += word;
  }
  return joined;
}

// Every word of `query` as a tsquery of lexemes joined by AND; "" when a word cannot be
// in the index (too long, or not UTF-8), so nothing matches, and when there is no word.
std::string MatchQuery(std::string_view query) {
  std::string tsquery;
  for (std::string_view raw : QueryWords(query)) {
    if (!IsCleanUtf8(raw)) return "";
    for (const std::string& word : SearchWords(raw)) {
      if (word.size() > kMaxSearchWordBytes) return "";
      // Folded words hold no ASCII punctuation: the quotes only mark a lexeme.
      tsquery += tsquery.empty() ? "'" : " & '";
      tsquery += word;
      tsquery += '\'';
    }
  }
  return tsquery;
}

class PgSearchIndex final : public SearchIndex {
 public:
  PgSearchIndex(std::shared_ptr<PgPool> pool, int poll_ms)
      : pool_(std::move(pool)), poll_ms_(poll_ms), follower_([this] { Follow(); }) {}

  ~PgSearchIndex() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    follower_.join();
  }

  Result<std::vector<int64_t>> Search(int64_t endpoint_key, std::string_view query,
                                      std::optional<int64_t> before_seq, int limit) override {
    std::vector<int64_t> seqs;
    const std::string tsquery = MatchQuery(query);
    if (tsquery.empty()) return seqs;
    INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
    INLET_ASSIGN_OR_RETURN(
        PgResult rows,
        db->Query(
            "SELECT seq FROM record_words WHERE endpoint_key = $1 AND seq < $2 AND "
            "words @@ $3::tsquery ORDER BY seq DESC LIMIT $4",
            {endpoint_key, before_seq.value_or(INT64_MAX), tsquery, static_cast<int64_t>(limit)},
            "search records"));
    for (int i = 0; i < rows.Rows(); ++i) seqs.push_back(rows.Int(i, 0));
    return seqs;
  }

  Result<int64_t> Lag(int64_t endpoint_key) override {
    INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
    INLET_ASSIGN_OR_RETURN(
        PgResult count, db->Query("SELECT count(*) FROM records WHERE endpoint_key = $1 AND seq > "
                                  "(SELECT value FROM store_meta WHERE name = 'words_through')",
                                  {endpoint_key}, "count records not yet searchable"));
    return count.Int(0, 0);
  }

  Status Drop(int64_t endpoint_key) override {
    INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
    return db->Run("DELETE FROM record_words WHERE endpoint_key = $1", {endpoint_key},
                   "drop search words");
  }

 private:
  void Follow() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      Result<int> indexed = CatchAll("index records", [this] { return IndexNext(); });
      if (!indexed.ok()) spdlog::warn("search index: {}", indexed.status().message());
      lock.lock();
      if (!indexed.ok() || *indexed < kIndexBatch) {
        wake_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_; });
      }
    }
  }

  // Indexes the next batch of records past words_through, unless another node is at it;
  // returns how many.
  Result<int> IndexNext() {
    INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
    INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "index records"));
    INLET_ASSIGN_OR_RETURN(
        PgResult through,
        db->Query(
            "SELECT value FROM store_meta WHERE name = 'words_through' FOR UPDATE SKIP LOCKED", {},
            "take the search index"));
    if (through.Rows() == 0) return 0;
    INLET_ASSIGN_OR_RETURN(
        PgResult records,
        db->Query("SELECT seq, endpoint_key, data FROM records WHERE seq > $1 ORDER BY seq "
                  "LIMIT $2",
                  {through.Int(0, 0), static_cast<int64_t>(kIndexBatch)}, "read new records"));
    if (records.Rows() == 0) return 0;
    std::vector<int64_t> seqs, endpoints;
    std::string words = "{";
    for (int i = 0; i < records.Rows(); ++i) {
      seqs.push_back(records.Int(i, 0));
      endpoints.push_back(records.Int(i, 1));
      AppendArrayElement(words, IndexedWords(records.Text(i, 2)));
    }
    words.push_back('}');
    // A record deleted meanwhile (its endpoint cleared) is left out.
    INLET_RETURN_IF_ERROR(db->Run(
        "INSERT INTO record_words (seq, endpoint_key, words) "
        "SELECT s, e, array_to_tsvector(array_remove(string_to_array(w, ' '), '')) "
        "FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t (s, e, w) "
        "WHERE EXISTS (SELECT 1 FROM records r WHERE r.seq = t.s) ON CONFLICT (seq) DO NOTHING",
        {IntArray(seqs), IntArray(endpoints), words}, "index records"));
    INLET_RETURN_IF_ERROR(db->Run("UPDATE store_meta SET value = $1 WHERE name = 'words_through'",
                                  {seqs.back()}, "move the search index on"));
    INLET_RETURN_IF_ERROR(tx.Commit());
    return records.Rows();
  }

  std::shared_ptr<PgPool> pool_;
  const int poll_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread follower_;  // last: started once the rest is ready
};

}  // namespace

std::unique_ptr<SearchIndex> NewPgSearchIndex(std::shared_ptr<PgPool> pool, int poll_ms) {
  return std::make_unique<PgSearchIndex>(std::move(pool), poll_ms);
}

}  // namespace inlet::store
