// What the server's answer to one batch says (SPEC §2.2's envelope), as `inlet post`
// counts and prints it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::cli {

struct RecordError {
  int64_t row_index = -1;  // in the batch; -1 for the request as a whole
  std::string message_id;
  std::string message;
};

struct BatchAnswer {
  bool envelope = false;  // false: the body was not the ingestion envelope
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  std::map<std::string, uint64_t> warnings;  // by messageId, as listed
  uint64_t warnings_omitted = 0;             // counted by the server, not listed
  std::vector<RecordError> errors;
  uint64_t errors_omitted = 0;
};

// Never throws: an answer that is not the envelope (a proxy's HTML page, say) comes back
// with `envelope` false and its first 200 bytes as the message of one request error.
BatchAnswer ReadBatchAnswer(std::string_view body);

// The first error's messageId of a management or ingestion error answer, "" when none.
std::string FirstMessageId(std::string_view body);

}  // namespace inlet::cli
