// The slow half of RecordRepairer: turning the intents of one record into Issues with
// names as sent, JSON Pointers, names as stored and messages. Runs only for records
// that have something to report.
#include <cstdio>
#include <set>
#include <utility>

#include "ingest/json_text.h"
#include "ingest/name_repair.h"
#include "ingest/record_repair.h"
#include "ingest/utf8.h"

namespace inlet::ingest {
namespace {

std::string_view Raw(const RecordTree& tree, size_t begin, size_t end) {
  return tree.body().substr(begin, end - begin);
}

std::string NameAsSent(const RecordTree& tree, uint32_t index) {
  const Node& node = tree.node(index);
  const std::string_view raw = Raw(tree, node.key_raw_begin, node.key_raw_end);
  // Without escapes or repairs the source bytes are the name.
  return (node.key_flags & kStringDecoded) ? DisplayText(raw) : std::string(raw);
}

const char* MessageId(IntentKind kind) {
  switch (kind) {
    case IntentKind::kNameRemovedChars:
    case IntentKind::kValueRemovedChars:
      return "unsupported-character-removed";
    case IntentKind::kNameSpace:
      return "space-in-property";
    case IntentKind::kNameDot:
      return "dot-in-property";
    case IntentKind::kNameSymbol:
      return "symbol-in-property";
    case IntentKind::kFlattened:
      return "nested-object-flattened";
    case IntentKind::kIdRenamed:
      return "id-property-renamed";
    case IntentKind::kCollision:
      return "property-name-collision";
    case IntentKind::kDuplicate:
      return "duplicate-property";
    case IntentKind::kValueInvalidUtf8:
      return "invalid-utf8-replaced";
    case IntentKind::kInvalidName:
      return "invalid-property-name";
    case IntentKind::kTooManyColumns:
      return "too-many-columns";
    case IntentKind::kEmptyRecord:
      return "empty-record";
    case IntentKind::kNotObject:
      return "record-not-object";
  }
  return "";
}

std::string Pointer(const RecordTree& tree, uint32_t index) {
  std::vector<uint32_t> chain;
  for (uint32_t n = index; n != kNoNode && tree.node(n).parent != kNoNode;
       n = tree.node(n).parent) {
    chain.push_back(n);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out.push_back('/');
    const Node& node = tree.node(*it);
    if (node.has_key) {
      AppendPointerToken(out, NameAsSent(tree, *it));
    } else {
      out += std::to_string(node.index);
    }
  }
  return out;
}

// A name in quotes for a message. A name of any length is cut at 256 bytes (never inside
// a UTF-8 sequence), so a client cannot make messages, and the log rows that keep them,
// as large as its body.
std::string Quoted(std::string_view text) {
  constexpr size_t kMaxQuotedBytes = 256;
  bool cut = text.size() > kMaxQuotedBytes;
  if (cut) {
    size_t end = kMaxQuotedBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string out;
  out.reserve(text.size() + 8);
  out.push_back('"');
  out += text;
  out += cut ? "\"…" : "\"";
  return out;
}

std::string CodePointText(char32_t cp) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  std::string out = "'";
  AppendUtf8(out, cp);
  return out + "' (" + hex + ")";
}

const char* KindName(uint8_t kind) {
  switch (static_cast<ValueKind>(kind)) {
    case ValueKind::kNumber:
      return "a number";
    case ValueKind::kString:
      return "a string";
    case ValueKind::kArray:
      return "an array";
    case ValueKind::kTrue:
    case ValueKind::kFalse:
      return "a boolean";
    default:
      return "not an object";
  }
}

}  // namespace

void RecordRepairer::Report(const RecordTree& tree, int64_t row_index, bool errors,
                            IssueCollector& issues) {
  std::set<std::pair<int, std::string>> reported;  // (kind, property): one issue each
  for (const Intent& intent : intents_) {
    if ((intent.kind >= IntentKind::kInvalidName) != errors) continue;
    Issue issue;
    issue.level = errors ? IssueLevel::kError : IssueLevel::kWarning;
    issue.domain = IssueDomain::kParsing;
    issue.row_index = row_index;
    const bool has_column = intent.column != kNoColumn;
    const std::string stored = has_column ? std::string(ColumnName(columns_[intent.column])) : "";
    const bool is_value = intent.kind == IntentKind::kValueRemovedChars ||
                          intent.kind == IntentKind::kValueInvalidUtf8;
    if (is_value) {
      issue.property = NameAsSent(tree, columns_[intent.column].member);
    } else if (intent.node != kNoNode) {
      issue.property = NameAsSent(tree, intent.node);
    }
    if (intent.node != kNoNode &&
        !reported.emplace(static_cast<int>(intent.kind), is_value ? stored : *issue.property)
             .second) {
      continue;
    }
    issue.message_id = MessageId(intent.kind);
    if (!issues.WouldKeep(issue.level, issue.message_id, issue.property)) {
      // Already in the log and the list is full: count it, build nothing more.
      issues.AddRepeat(issue.level, issue.message_id, issue.property, row_index);
      continue;
    }
    if (intent.node != kNoNode) issue.path = Pointer(tree, intent.node);
    const std::string property = issue.property ? Quoted(*issue.property) : "";
    std::string segment;  // the member's own name after rules 1–4
    SegmentRepair repair;
    if (intent.node != kNoNode && tree.node(intent.node).has_key) {
      repair = RepairSegment(tree.Text(tree.node(intent.node).key), segment);
      // A name stored as a column is shown as stored; a flattened one by its own part.
      issue.repaired = has_column ? stored : segment;
    }
    const std::string stored_as = "; stored as " + Quoted(issue.repaired.value_or("")) + ".";
    switch (intent.kind) {
      case IntentKind::kNameRemovedChars:
        issue.message_id = "unsupported-character-removed";
        issue.message = "Property " + property +
                        ": characters outside the XML 1.0 set (control characters, U+FFFE, "
                        "U+FFFF, lone surrogates) were removed from its name" +
                        stored_as;
        break;
      case IntentKind::kNameSpace:
        issue.message_id = "space-in-property";
        issue.message =
            "Property " + property + ": white space was removed from its name" + stored_as;
        break;
      case IntentKind::kNameDot:
        issue.message_id = "dot-in-property";
        issue.message = "Property " + property + ": dots were removed from its name" + stored_as;
        break;
      case IntentKind::kNameSymbol:
        issue.message_id = "symbol-in-property";
        issue.message = "Property " + property +
                        ": symbols (anything but letters, digits and _) were removed from its "
                        "name" +
                        stored_as;
        break;
      case IntentKind::kFlattened:
        issue.message_id = "nested-object-flattened";
        if (intent.count == 0) {
          issue.repaired.reset();
          issue.message = "Property " + property +
                          " held only empty objects and was dropped: there was nothing to store.";
        } else {
          issue.repaired = std::string(ColumnName(columns_[intent.column]));
          issue.message = "Property " + property +
                          " held nested objects or arrays; flattened into " +
                          std::to_string(intent.count) + " column(s) joined with _, the first " +
                          Quoted(*issue.repaired) + ".";
        }
        break;
      case IntentKind::kIdRenamed:
        issue.message_id = "id-property-renamed";
        issue.message =
            "Top-level property " + property + " is reserved for the record id" + stored_as;
        break;
      case IntentKind::kCollision: {
        issue.message_id = "property-name-collision";
        const std::string base = stored.substr(0, stored.rfind('_'));
        issue.message = "Property " + property + " would be stored as " + Quoted(base) +
                        ", a name another property already has" + stored_as;
        break;
      }
      case IntentKind::kDuplicate:
        issue.message_id = "duplicate-property";
        issue.repaired.reset();
        issue.message = "Property " + property +
                        " appears more than once in the same object; the last value was kept.";
        break;
      case IntentKind::kValueRemovedChars:
      case IntentKind::kValueInvalidUtf8: {
        const Node& node = tree.node(intent.node);
        issue.original = OriginalText(Raw(tree, node.raw_begin, node.raw_end));
        if (intent.kind == IntentKind::kValueInvalidUtf8) {
          issue.message_id = "invalid-utf8-replaced";
          issue.message = "The value of " + property +
                          " was not valid UTF-8; each bad byte sequence was replaced by U+FFFD. "
                          "Send UTF-8.";
        } else {
          issue.message_id = "unsupported-character-removed";
          issue.message = "The value of " + property +
                          " had characters outside the XML 1.0 set (control characters, U+FFFE, "
                          "U+FFFF, lone surrogates); they were removed.";
        }
        break;
      }
      case IntentKind::kInvalidName: {
        issue.message_id = "invalid-property-name";
        const Node& node = tree.node(intent.node);
        const std::string name = Quoted(issue.repaired.value_or(""));
        std::string why;
        if (intent.detail == kBadChar && (node.key_flags & kStringInvalidUtf8)) {
          issue.original = OriginalText(Raw(tree, node.key_raw_begin, node.key_raw_end));
          why = "its name is not valid UTF-8";
        } else if (intent.detail == kBadChar) {
          why = "its name keeps " + CodePointText(repair.first_invalid) +
                ", which is not a Latin-script letter, a digit or _";
        } else if (intent.detail == static_cast<uint8_t>(NameProblem::kEmpty)) {
          why = "nothing is left of its name after repair";
        } else if (intent.detail == static_cast<uint8_t>(NameProblem::kBadStart)) {
          why = "the name " + name + " does not start with a Latin-script letter or _";
        } else {
          why = "the name " + name + " is longer than " + std::to_string(limits_.max_name_length) +
                " characters";
        }
        issue.message = "Property " + property + ": " + why +
                        ". The record was not stored; rename the property at the source.";
        break;
      }
      case IntentKind::kTooManyColumns:
        issue.message_id = "too-many-columns";
        issue.message = "The record has " + std::to_string(intent.count) +
                        " columns after flattening; the maximum is " +
                        std::to_string(limits_.max_columns) + ". The record was not stored.";
        break;
      case IntentKind::kEmptyRecord:
        issue.message_id = "empty-record";
        issue.message = intent.detail == 1
                            ? "The record holds only empty objects; there is nothing to store."
                        : tree.node(0).kind == ValueKind::kNull
                            ? "The record is null; there is nothing to store."
                            : "The record is an empty object; there is nothing to store.";
        break;
      case IntentKind::kNotObject:
        issue.message_id = "record-not-object";
        issue.message = std::string("The record is ") + KindName(intent.detail) +
                        "; each record must be a JSON object. It was not stored.";
        break;
    }
    issues.Add(std::move(issue));
  }
}

}  // namespace inlet::ingest
