// The parsed form of one record: a flat arena of nodes in document (pre-)order that is
// cleared and reused for every record, so parsing a batch allocates only while the
// arena grows to the size of its largest record.
//
// Text is not copied when it needs no change: a number, and a string without escapes or
// repairs, point into the body. Only decoded or repaired strings live in `scratch`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::ingest {

inline constexpr uint32_t kNoNode = 0xFFFFFFFF;

enum class ValueKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

// What decoding a string repaired (SPEC §2.3 values).
enum StringFlag : uint8_t {
  kStringInvalidUtf8 = 1,   // ill-formed UTF-8 replaced by U+FFFD
  kStringRemovedChars = 2,  // characters outside the XML 1.0 set removed
  kStringDecoded = 4,       // text differs from the source bytes (escapes or repairs)
};

// A piece of text: in the body (`in_scratch` false) or in the tree's scratch buffer.
struct TextRef {
  size_t offset = 0;
  size_t size = 0;
  bool in_scratch = false;
};

struct Node {
  ValueKind kind = ValueKind::kNull;
  uint8_t value_flags = 0;  // StringFlag bits of a string value
  uint8_t key_flags = 0;    // StringFlag bits of the member name
  bool has_key = false;     // an object member (else the root or an array element)
  bool skip = false;        // a repeated key whose value moved to its first occurrence
  uint32_t parent = kNoNode;
  uint32_t next_sibling = kNoNode;
  uint32_t first_child = kNoNode;
  uint32_t last_child = kNoNode;
  uint32_t child_count = 0;
  uint32_t index = 0;         // position among the parent's children
  uint32_t winner = kNoNode;  // for a repeated key: the occurrence whose value counts
  TextRef value;              // number: source text; string: decoded text
  TextRef key;                // decoded member name
  size_t raw_begin = 0;       // string value or number: source bytes (without quotes)
  size_t raw_end = 0;
  size_t key_raw_begin = 0;  // member name: source bytes between the quotes
  size_t key_raw_end = 0;
};

class RecordTree {
 public:
  void Clear() {
    nodes_.clear();
    scratch_.clear();
  }
  // Sets the bytes that body-relative TextRefs point into.
  void SetBody(std::string_view body) { body_ = body; }

  std::vector<Node>& nodes() { return nodes_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  std::string& scratch() { return scratch_; }
  std::string_view body() const { return body_; }

  // Refs are made by the reader and always lie inside their buffer: no check here.
  std::string_view Text(const TextRef& ref) const {
    const char* base = ref.in_scratch ? scratch_.data() : body_.data();
    return {base + ref.offset, ref.size};
  }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  Node& node(uint32_t i) { return nodes_[i]; }

 private:
  std::string_view body_;
  std::vector<Node> nodes_;
  std::string scratch_;
};

}  // namespace inlet::ingest
