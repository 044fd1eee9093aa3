#include "ingest/json_reader.h"

#include <array>
#include <bit>
#include <cstring>

#include "ingest/utf8.h"
#include "inlet/common/hex.h"
#include "inlet/common/json_text.h"

namespace inlet::ingest {
namespace {

// Bytes that a string holds as they are: printable ASCII but `"` and `\`.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}();

// Advances `p` over plain bytes, eight at a time: a word's quotes, backslashes, control
// characters and non-ASCII bytes are flagged in its high bits (the classic "has zero
// byte" trick; borrows only run upwards, so the lowest flag is exact).
inline const unsigned char* SkipPlain(const unsigned char* p, const unsigned char* stop) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  if constexpr (std::endian::native == std::endian::little) {
    while (stop - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      const uint64_t quote = word ^ (kOnes * '"');
      const uint64_t backslash = word ^ (kOnes * '\\');
      const uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                               ((word - kOnes * 0x20) & ~word) | word;
      const uint64_t flags = special & kHigh;
      if (flags != 0) return p + std::countr_zero(flags) / 8;
      p += 8;
    }
  }
  while (p < stop && kPlain[*p]) ++p;
  return p;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool JsonReader::Fail(size_t offset, const char* message) {
  error_ = {ReadError::Kind::kSyntax, offset, message};
  return false;
}

bool JsonReader::ReadHex4(size_t pos, size_t end, char32_t* value) {
  char32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (pos + i >= end) return Fail(end, "the body ends inside a \\u escape");
    const int h = HexDigitValue(body_[pos + i]);
    if (h < 0) return Fail(pos + i, "a \\u escape needs four hex digits");
    v = (v << 4) | static_cast<char32_t>(h);
  }
  *value = v;
  return true;
}

bool JsonReader::ReadEscape(size_t* pos, size_t end, std::string& out, uint8_t* flags) {
  size_t p = *pos;  // at the backslash
  if (p + 1 >= end) return Fail(end, "the body ends inside an escape");
  const char e = body_[p + 1];
  char plain = 0;
  switch (e) {
    case '"':
    case '\\':
    case '/':
      plain = e;
      break;
    case 'n':
      plain = '\n';
      break;
    case 'r':
      plain = '\r';
      break;
    case 't':
      plain = '\t';
      break;
    case 'b':  // U+0008 and U+000C are outside the XML 1.0 set
    case 'f':
      *flags |= kStringRemovedChars;
      *pos = p + 2;
      return true;
    case 'u':
      break;
    default:
      return Fail(p + 1, "invalid escape: only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
  }
  if (plain != 0) {
    out.push_back(plain);
    *pos = p + 2;
    return true;
  }
  const UnicodeEscape escape = ReadUnicodeEscape(body_.substr(p, end - p));
  if (escape.length == 0) {
    char32_t unread = 0;
    return ReadHex4(p + 2, end, &unread);  // fails, saying where the escape breaks off
  }
  // After a lone high surrogate, the escape that follows is read on its own.
  if (!escape.lone_surrogate && IsXmlChar(escape.code_point)) {
    AppendUtf8(out, escape.code_point);
  } else {
    *flags |= kStringRemovedChars;  // a control character, U+FFFE/U+FFFF or a lone surrogate
  }
  *pos = p + escape.length;
  return true;
}

bool JsonReader::ReadString(size_t* pos, size_t end, RecordTree& tree, TextRef* text,
                            uint8_t* flags) {
  const auto* const base = reinterpret_cast<const unsigned char*>(body_.data());
  const unsigned char* const stop = base + end;
  const unsigned char* const start = base + *pos + 1;
  const unsigned char* p = start;
  *flags = 0;
  // Fast path: text that is stored exactly as sent stays in the body.
  unsigned char c = 0;
  for (;;) {
    p = SkipPlain(p, stop);
    if (p >= stop) return Fail(end, "the string is not closed");
    c = *p;
    if (c == '"') {
      *text = {static_cast<size_t>(start - base), static_cast<size_t>(p - start), false};
      *pos = static_cast<size_t>(p - base) + 1;
      return true;
    }
    if (c < 0x80) break;
    const Utf8Step step = DecodeUtf8(p, stop);
    if (!step.valid || !IsXmlChar(step.code_point)) break;
    p += step.length;
  }
  if (c < 0x20) {
    return Fail(static_cast<size_t>(p - base), "a control character in a string must be escaped");
  }
  // Slow path: decode into the scratch buffer.
  std::string& out = tree.scratch();
  const size_t out_begin = out.size();
  out.append(reinterpret_cast<const char*>(start), static_cast<size_t>(p - start));
  *flags |= kStringDecoded;
  for (;;) {
    const unsigned char* run = p;
    p = SkipPlain(p, stop);
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    if (p >= stop) return Fail(end, "the string is not closed");
    c = *p;
    if (c == '"') {
      *text = {out_begin, out.size() - out_begin, true};
      *pos = static_cast<size_t>(p - base) + 1;
      return true;
    }
    if (c == '\\') {
      size_t at = static_cast<size_t>(p - base);
      if (!ReadEscape(&at, end, out, flags)) return false;
      p = base + at;
      continue;
    }
    if (c < 0x20) {
      return Fail(static_cast<size_t>(p - base), "a control character in a string must be escaped");
    }
    const Utf8Step step = DecodeUtf8(p, stop);
    if (!step.valid) {
      AppendUtf8(out, kReplacementChar);
      *flags |= kStringInvalidUtf8;
    } else if (!IsXmlChar(step.code_point)) {
      *flags |= kStringRemovedChars;
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(step.length));
    }
    p += step.length;
  }
}

bool JsonReader::ReadNumber(size_t* pos, size_t end) {
  size_t p = *pos;
  if (body_[p] == '-') ++p;
  if (p >= end) return Fail(p, "a number needs a digit after '-'");
  if (body_[p] == '0') {
    ++p;
  } else if (IsDigit(body_[p])) {
    while (p < end && IsDigit(body_[p])) ++p;
  } else {
    return Fail(p, "a number needs a digit after '-'");
  }
  if (p < end && body_[p] == '.') {
    ++p;
    if (p >= end || !IsDigit(body_[p])) return Fail(p, "a number needs a digit after '.'");
    while (p < end && IsDigit(body_[p])) ++p;
  }
  if (p < end && (body_[p] == 'e' || body_[p] == 'E')) {
    ++p;
    if (p < end && (body_[p] == '+' || body_[p] == '-')) ++p;
    if (p >= end || !IsDigit(body_[p])) return Fail(p, "a number needs a digit in its exponent");
    while (p < end && IsDigit(body_[p])) ++p;
  }
  *pos = p;
  return true;
}

bool JsonReader::ReadLiteral(size_t* pos, size_t end, std::string_view word) {
  for (size_t i = 0; i < word.size(); ++i) {
    if (*pos + i >= end || body_[*pos + i] != word[i]) {
      return Fail(*pos + i, "expected true, false or null");
    }
  }
  *pos += word.size();
  return true;
}

bool JsonReader::ReadMemberName(size_t* pos, size_t end, RecordTree& tree, Node* pending) {
  size_t p = SkipSpace(*pos, end);
  if (p >= end || body_[p] != '"') return Fail(p, "expected a member name in double quotes");
  pending->key_raw_begin = p + 1;
  if (!ReadString(&p, end, tree, &pending->key, &pending->key_flags)) return false;
  pending->key_raw_end = p - 1;
  p = SkipSpace(p, end);
  if (p >= end || body_[p] != ':') return Fail(p, "expected ':' after a member name");
  *pos = p + 1;
  pending->has_key = true;
  return true;
}

bool JsonReader::ReadValue(size_t* pos_io, size_t end, int outer_depth, RecordTree& tree) {
  std::vector<Node>& nodes = tree.nodes();
  stack_.clear();
  error_ = {};
  size_t pos = *pos_io;
  Node pending;  // the member name waiting for its value
  for (;;) {
    // A value is expected at `pos`.
    pos = SkipSpace(pos, end);
    if (pos >= end) return Fail(pos, "expected a value");
    if (nodes.size() >= kNoNode - 1) return Fail(pos, "too many values in one record");
    const auto index = static_cast<uint32_t>(nodes.size());
    nodes.emplace_back();
    Node& node = nodes.back();  // filled in place: nothing else is added until it is done
    AttachNode(nodes, index, &pending);
    const char c = body_[pos];
    bool closed = true;  // the value is complete (not an opened container)
    if (c == '{' || c == '[') {
      if (!OpenContainer(&pos, end, outer_depth, tree, index, &pending, &closed)) return false;
    } else if (!ReadScalar(&pos, end, tree, node)) {
      return false;
    }
    if (!closed) continue;
    bool done = false;
    if (!CloseContainers(&pos, end, tree, &pending, &done)) return false;
    if (done) {
      *pos_io = pos;
      return true;
    }
  }
}

void JsonReader::AttachNode(std::vector<Node>& nodes, uint32_t index, Node* pending) {
  Node& node = nodes[index];
  if (pending->has_key) {
    node.has_key = true;
    node.key = pending->key;
    node.key_flags = pending->key_flags;
    node.key_raw_begin = pending->key_raw_begin;
    node.key_raw_end = pending->key_raw_end;
    pending->has_key = false;
  }
  if (!stack_.empty()) {
    Node& parent = nodes[stack_.back()];
    node.parent = stack_.back();
    node.index = parent.child_count++;
    if (parent.last_child == kNoNode) {
      parent.first_child = index;
    } else {
      nodes[parent.last_child].next_sibling = index;
    }
    parent.last_child = index;
  }
}

bool JsonReader::OpenContainer(size_t* pos, size_t end, int outer_depth, RecordTree& tree,
                               uint32_t index, Node* pending, bool* closed) {
  size_t p = *pos;
  if (outer_depth + static_cast<int>(stack_.size()) + 1 > max_depth_) {
    error_ = {ReadError::Kind::kTooDeep, p, "nesting is deeper than the limit"};
    return false;
  }
  const bool is_object = body_[p] == '{';
  tree.nodes()[index].kind = is_object ? ValueKind::kObject : ValueKind::kArray;
  p = SkipSpace(p + 1, end);
  if (p < end && body_[p] == (is_object ? '}' : ']')) {
    *pos = p + 1;
    return true;
  }
  stack_.push_back(index);
  *closed = false;
  *pos = p;
  return !is_object || ReadMemberName(pos, end, tree, pending);
}

bool JsonReader::ReadScalar(size_t* pos, size_t end, RecordTree& tree, Node& node) {
  const char c = body_[*pos];
  if (c == '"') {
    node.kind = ValueKind::kString;
    node.raw_begin = *pos + 1;
    if (!ReadString(pos, end, tree, &node.value, &node.value_flags)) return false;
    node.raw_end = *pos - 1;
    return true;
  }
  if (c == '-' || IsDigit(c)) {
    node.kind = ValueKind::kNumber;
    node.raw_begin = *pos;
    if (!ReadNumber(pos, end)) return false;
    node.raw_end = *pos;
    node.value = {node.raw_begin, *pos - node.raw_begin, false};
    return true;
  }
  if (c == 't' || c == 'f' || c == 'n') {
    node.kind = c == 't' ? ValueKind::kTrue : c == 'f' ? ValueKind::kFalse : ValueKind::kNull;
    return ReadLiteral(pos, end, c == 't' ? "true" : c == 'f' ? "false" : "null");
  }
  return Fail(*pos, "expected a value");
}

bool JsonReader::CloseContainers(size_t* pos, size_t end, RecordTree& tree, Node* pending,
                                 bool* done) {
  const std::vector<Node>& nodes = tree.nodes();
  size_t p = *pos;
  for (;;) {
    if (stack_.empty()) {
      *pos = p;
      *done = true;
      return true;
    }
    const bool in_object = nodes[stack_.back()].kind == ValueKind::kObject;
    p = SkipSpace(p, end);
    const char next = p < end ? body_[p] : '\0';
    if (p < end && next == ',') {
      *pos = p + 1;
      return !in_object || ReadMemberName(pos, end, tree, pending);
    }
    if (p < end && next == (in_object ? '}' : ']')) {
      ++p;
      stack_.pop_back();
      continue;
    }
    return Fail(p, in_object ? "expected ',' or '}' after an object member"
                             : "expected ',' or ']' after an array element");
  }
}

}  // namespace inlet::ingest
