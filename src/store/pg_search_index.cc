#include "store/pg_search_index.h"

#include "inlet/common/utf8.h"
#include "store/pg_array.h"
#include "store/search_words.h"

namespace inlet::store {
namespace {

class PgSearchIndex final : public SearchIndex {
 public:
  explicit PgSearchIndex(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

  Result<std::vector<int64_t>> Search(int64_t endpoint_key, std::string_view query,
                                      std::optional<int64_t> before_seq, int limit) override {
    std::string words = "{";
    std::vector<int64_t> seqs;
    for (std::string_view word : SearchWords(query)) {
      // Records are clean UTF-8: a word that is not matches none of them.
      if (!IsCleanUtf8(word)) return seqs;
      AppendArrayElement(words, word);
    }
    words.push_back('}');
    if (words == "{}") return seqs;
    INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
    // A query of only punctuation has no words to look for, and finds nothing.
    INLET_ASSIGN_OR_RETURN(
        PgResult rows,
        db->Query(
            "SELECT seq FROM records WHERE endpoint_key = $1 AND seq < $2 AND "
            "numnode(inlet_words_query($3::text[])) > 0 AND "
            "inlet_words(data) @@ inlet_words_query($3::text[]) ORDER BY seq DESC LIMIT $4",
            {endpoint_key, before_seq.value_or(INT64_MAX), words, static_cast<int64_t>(limit)},
            "search records"));
    for (int i = 0; i < rows.Rows(); ++i) seqs.push_back(rows.Int(i, 0));
    return seqs;
  }

  Result<int64_t> Lag(int64_t) override { return 0; }
  Status Drop(int64_t) override { return Status::Ok(); }

 private:
  std::shared_ptr<PgPool> pool_;
};

}  // namespace

std::unique_ptr<SearchIndex> NewPgSearchIndex(std::shared_ptr<PgPool> pool) {
  return std::make_unique<PgSearchIndex>(std::move(pool));
}

}  // namespace inlet::store
