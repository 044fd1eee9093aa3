// The real GoldenWriter of a slice, counting what the engine reads back: how many data
// parts (and in how many calls) PartsOf returned, and how many documents it read. Every
// call goes to the wrapped writer unchanged; never a mock.
#pragma once

#include <cstdint>

#include "inlet/store/golden.h"

namespace inlet::testing {

struct GoldenReads {
  int64_t parts_of_calls = 0;  // golden records recomputed from all their parts
  int64_t parts_read = 0;      // data parts those calls returned
  int64_t documents_read = 0;  // documents read to go on from
};

class CountingGoldenWriter final : public store::GoldenWriter {
 public:
  CountingGoldenWriter(store::GoldenWriter& real, GoldenReads& reads)
      : real_(real), reads_(reads) {}

  bool OthersWaiting() const override { return real_.OthersWaiting(); }
  Result<std::optional<int64_t>> FindCode(const std::string& code) override {
    return real_.FindCode(code);
  }
  Result<std::vector<std::string>> CodesOf(int64_t golden_key) override {
    return real_.CodesOf(golden_key);
  }
  Status SetCode(const std::string& code, int64_t golden_key) override {
    return real_.SetCode(code, golden_key);
  }
  Status DeleteCodesOf(int64_t golden_key) override { return real_.DeleteCodesOf(golden_key); }
  Result<bool> HasIncomingEdges(const std::string& code) override {
    return real_.HasIncomingEdges(code);
  }
  Result<store::GoldenHead> CreateGolden(const std::string& entity_type,
                                         const store::GoldenState& state) override {
    return real_.CreateGolden(entity_type, state);
  }
  Result<store::GoldenHead> GetGolden(int64_t golden_key) override {
    return real_.GetGolden(golden_key);
  }
  Result<std::string> GoldenDocumentOf(int64_t golden_key) override {
    ++reads_.documents_read;
    return real_.GoldenDocumentOf(golden_key);
  }
  Status SaveGolden(const store::GoldenState& state) override { return real_.SaveGolden(state); }
  Status DeleteGolden(int64_t golden_key, int64_t now_ms) override {
    return real_.DeleteGolden(golden_key, now_ms);
  }
  Status MergeGolden(int64_t from, int64_t into, int64_t now_ms) override {
    return real_.MergeGolden(from, into, now_ms);
  }
  Result<bool> GoldenHoldsClue(int64_t golden_key, int64_t endpoint_key,
                               const std::string& clue_hash) override {
    return real_.GoldenHoldsClue(golden_key, endpoint_key, clue_hash);
  }
  Result<std::optional<store::DataPart>> FindPart(int64_t endpoint_key,
                                                  int64_t record_seq) override {
    return real_.FindPart(endpoint_key, record_seq);
  }
  Result<std::vector<store::PartHash>> PartHashes(int64_t endpoint_key, int64_t first_seq,
                                                  int64_t last_seq) override {
    return real_.PartHashes(endpoint_key, first_seq, last_seq);
  }
  Result<std::vector<store::DataPart>> PartsOf(int64_t golden_key) override {
    Result<std::vector<store::DataPart>> parts = real_.PartsOf(golden_key);
    ++reads_.parts_of_calls;
    if (parts.ok()) reads_.parts_read += static_cast<int64_t>(parts->size());
    return parts;
  }
  Status PutPart(store::DataPart& part) override { return real_.PutPart(part); }
  Status MovePart(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) override {
    return real_.MovePart(endpoint_key, record_seq, golden_key);
  }
  Status SetPartSourceHash(int64_t endpoint_key, int64_t record_seq,
                           const std::string& source_hash) override {
    return real_.SetPartSourceHash(endpoint_key, record_seq, source_hash);
  }
  Status DeletePart(const store::DataPart& part) override { return real_.DeletePart(part); }
  Result<std::vector<store::DataPart>> PartsOfEndpoint(int64_t endpoint_key, int64_t first_seq,
                                                       int64_t last_seq, int limit) override {
    return real_.PartsOfEndpoint(endpoint_key, first_seq, last_seq, limit);
  }
  Status PutOutcomes(const std::vector<store::OutcomeToStore>& outcomes) override {
    return real_.PutOutcomes(outcomes);
  }
  Status DeleteOutcomes(int64_t endpoint_key, int64_t first_seq, int64_t last_seq) override {
    return real_.DeleteOutcomes(endpoint_key, first_seq, last_seq);
  }
  Status RecountReceipts(int64_t endpoint_key, int64_t first_seq, int64_t last_seq,
                         bool processed) override {
    return real_.RecountReceipts(endpoint_key, first_seq, last_seq, processed);
  }
  Status SetReceiptResponse(int64_t receipt_seq, const std::string& response) override {
    return real_.SetReceiptResponse(receipt_seq, response);
  }
  Status UpdateEndpointProgress(int64_t endpoint_key, int64_t part_count_delta,
                                std::optional<EndpointStatus> status,
                                std::optional<int64_t> processed_through_seq) override {
    return real_.UpdateEndpointProgress(endpoint_key, part_count_delta, status,
                                        processed_through_seq);
  }
  Status AddLog(int64_t endpoint_key, std::optional<int64_t> receipt_seq, const LogRow& log,
                int64_t now_ms) override {
    return real_.AddLog(endpoint_key, receipt_seq, log, now_ms);
  }
  Status SaveJob(const store::Job& job) override { return real_.SaveJob(job); }
  Status AppendHistory(int64_t golden_key, int64_t now_ms, const std::string& job_id,
                       const std::string& events) override {
    return real_.AppendHistory(golden_key, now_ms, job_id, events);
  }
  Status SetOutcomeGolden(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) override {
    return real_.SetOutcomeGolden(endpoint_key, record_seq, golden_key);
  }
  Result<bool> AnyKeepApart() override { return real_.AnyKeepApart(); }
  Result<bool> KeptApart(const std::string& code, int64_t golden_key) override {
    return real_.KeptApart(code, golden_key);
  }
  Result<bool> KeptApart(int64_t golden_a, int64_t golden_b) override {
    return real_.KeptApart(golden_a, golden_b);
  }
  Result<std::string> AddKeepApart(const store::KeepApartSide& taken_out,
                                   const store::KeepApartSide& stays,
                                   const std::vector<store::DataPart>& parts,
                                   const std::string& job_id, int64_t now_ms) override {
    return real_.AddKeepApart(taken_out, stays, parts, job_id, now_ms);
  }

 private:
  store::GoldenWriter& real_;
  GoldenReads& reads_;
};

}  // namespace inlet::testing
