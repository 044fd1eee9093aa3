// A strict RFC 8259 JSON reader that parses one value into a RecordTree in a single pass
// over the bytes, without recursion (an explicit stack, checked against the depth limit
// before each descent, so a body of 100,000 `[` costs 65 steps, not a stack overflow).
//
// It is strict about syntax and lenient about content: raw control characters, bad
// escapes, comments, trailing commas, NaN or leading zeros are syntax errors with the
// offset of the first bad byte; inside strings, ill-formed UTF-8 becomes U+FFFD and
// characters outside the XML 1.0 set are removed, both flagged on the node (SPEC §2.3).
// Numbers are checked against the grammar and kept as their source text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/record_tree.h"

namespace inlet::ingest {

struct ReadError {
  enum class Kind { kNone, kSyntax, kTooDeep };
  Kind kind = Kind::kNone;
  size_t offset = 0;         // of the first bad byte, in the body
  const char* message = "";  // what was expected there (static text)
};

class JsonReader {
 public:
  // `body` is the whole body: offsets everywhere are relative to it. `max_depth` is the
  // deepest allowed nesting of arrays and objects, counting every enclosing container.
  JsonReader(std::string_view body, int max_depth) : body_(body), max_depth_(max_depth) {}

  // Parses one value that starts at `*pos` after optional white space and must end
  // before `end` (the body's end, or an NDJSON line's). `outer_depth` is the number of
  // containers around the value. Appends nodes to `tree`; its first new node is the
  // value. On success `*pos` is just past the value; on failure see error().
  bool ReadValue(size_t* pos, size_t end, int outer_depth, RecordTree& tree);

  // Reads the string whose opening quote is at `*pos`; decoded text (if it differs from
  // the source) is appended to tree.scratch(). On success `*pos` is past the closing quote.
  bool ReadString(size_t* pos, size_t end, RecordTree& tree, TextRef* text, uint8_t* flags);

  // The first position at or after `pos` (and before `end`) that is not JSON white space.
  size_t SkipSpace(size_t pos, size_t end) const {
    while (pos < end) {
      const char c = body_[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos;
    }
    return pos;
  }

  const ReadError& error() const { return error_; }

 private:
  bool Fail(size_t offset, const char* message);
  bool ReadEscape(size_t* pos, size_t end, std::string& out, uint8_t* flags);
  bool ReadHex4(size_t pos, size_t end, char32_t* value);
  bool ReadNumber(size_t* pos, size_t end);
  bool ReadLiteral(size_t* pos, size_t end, std::string_view word);
  bool ReadMemberName(size_t* pos, size_t end, RecordTree& tree, Node* pending);
  // ReadValue's steps, declared inline (defined in json_reader.cc, called by ReadValue only)
  // so that the compiler folds them back into its loop: as calls they cost about 13% of the
  // reader's speed.
  // Gives node `index` the pending member name and links it into the open container.
  inline void AttachNode(std::vector<Node>& nodes, uint32_t index, Node* pending);
  // `*closed` is cleared unless the container is empty.
  inline bool OpenContainer(size_t* pos, size_t end, int outer_depth, RecordTree& tree,
                            uint32_t index, Node* pending, bool* closed);
  inline bool ReadScalar(size_t* pos, size_t end, RecordTree& tree, Node& node);
  // After a complete value: closes containers until one expects another element, or sets
  // `*done` when none is left open.
  inline bool CloseContainers(size_t* pos, size_t end, RecordTree& tree, Node* pending, bool* done);

  std::string_view body_;
  int max_depth_;
  std::vector<uint32_t> stack_;  // open containers, reused between calls
  ReadError error_;
};

}  // namespace inlet::ingest
