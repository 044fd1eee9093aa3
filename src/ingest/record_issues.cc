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

bool IsValueRepair(const Intent& intent) {
  return intent.kind == IntentKind::kValueRemovedChars ||
         intent.kind == IntentKind::kValueInvalidUtf8;
}

// The value repairs: `original` keeps the value as sent.
void DescribeValueRepair(const RecordTree& tree, const Intent& intent, const std::string& property,
                         Issue& issue) {
  const Node& node = tree.node(intent.node);
  issue.original = OriginalText(Raw(tree, node.raw_begin, node.raw_end));
  if (intent.kind == IntentKind::kValueInvalidUtf8) {
    issue.message = "The value of " + property +
                    " was not valid UTF-8; each bad byte sequence was replaced by U+FFFD. "
                    "Send UTF-8.";
  } else {
    issue.message = "The value of " + property +
                    " had characters outside the XML 1.0 set (control characters, U+FFFE, "
                    "U+FFFF, lone surrogates); they were removed.";
  }
}

std::string EmptyRecordMessage(const RecordTree& tree, const Intent& intent) {
  return intent.detail == 1 ? "The record holds only empty objects; there is nothing to store."
         : tree.node(0).kind == ValueKind::kNull
             ? "The record is null; there is nothing to store."
             : "The record is an empty object; there is nothing to store.";
}

}  // namespace

void RecordRepairer::Report(const RecordTree& tree, int64_t row_index, bool errors,
                            IssueCollector& issues) {
  std::set<std::pair<int, std::string>> reported;  // (kind, property): one issue each
  for (const Intent& intent : intents_) {
    if ((intent.kind >= IntentKind::kInvalidName) != errors) continue;
    Issue issue = IssueHead(tree, intent, row_index, errors);
    if (intent.node != kNoNode &&
        !reported.emplace(static_cast<int>(intent.kind), DedupeName(intent, issue)).second) {
      continue;
    }
    if (!issues.WouldKeep(issue.level, issue.message_id, issue.property)) {
      // Already in the log and the list is full: count it, build nothing more.
      issues.AddRepeat(issue.level, issue.message_id, issue.property, row_index);
      continue;
    }
    Describe(tree, intent, issue);
    issues.Add(std::move(issue));
  }
}

Issue RecordRepairer::IssueHead(const RecordTree& tree, const Intent& intent, int64_t row_index,
                                bool errors) const {
  Issue issue;
  issue.level = errors ? IssueLevel::kError : IssueLevel::kWarning;
  issue.domain = IssueDomain::kParsing;
  issue.row_index = row_index;
  if (IsValueRepair(intent)) {
    issue.property = NameAsSent(tree, columns_[intent.column].member);
  } else if (intent.node != kNoNode) {
    issue.property = NameAsSent(tree, intent.node);
  }
  issue.message_id = MessageId(intent.kind);
  return issue;
}

std::string RecordRepairer::DedupeName(const Intent& intent, const Issue& issue) const {
  return IsValueRepair(intent) ? StoredName(intent) : *issue.property;
}

std::string RecordRepairer::StoredName(const Intent& intent) const {
  return intent.column != kNoColumn ? std::string(ColumnName(columns_[intent.column])) : "";
}

void RecordRepairer::Describe(const RecordTree& tree, const Intent& intent, Issue& issue) const {
  if (intent.node != kNoNode) issue.path = Pointer(tree, intent.node);
  const std::string property = issue.property ? Quoted(*issue.property) : "";
  std::string segment;  // the member's own name after rules 1–4
  SegmentRepair repair;
  if (intent.node != kNoNode && tree.node(intent.node).has_key) {
    repair = RepairSegment(tree.Text(tree.node(intent.node).key), segment);
    // A name stored as a column is shown as stored; a flattened one by its own part.
    issue.repaired = intent.column != kNoColumn ? StoredName(intent) : segment;
  }
  if (intent.kind >= IntentKind::kInvalidName) {
    DescribeRecordError(tree, intent, property, repair.first_invalid, issue);
  } else if (IsValueRepair(intent)) {
    DescribeValueRepair(tree, intent, property, issue);
  } else {
    DescribeNameRepair(intent, property, issue);
  }
}

void RecordRepairer::DescribeNameRepair(const Intent& intent, const std::string& property,
                                        Issue& issue) const {
  const std::string stored_as = "; stored as " + Quoted(issue.repaired.value_or("")) + ".";
  switch (intent.kind) {
    case IntentKind::kNameRemovedChars:
      issue.message = "Property " + property +
                      ": characters outside the XML 1.0 set (control characters, U+FFFE, "
                      "U+FFFF, lone surrogates) were removed from its name" +
                      stored_as;
      break;
    case IntentKind::kNameSpace:
      issue.message =
          "Property " + property + ": white space was removed from its name" + stored_as;
      break;
    case IntentKind::kNameDot:
      issue.message = "Property " + property + ": dots were removed from its name" + stored_as;
      break;
    case IntentKind::kNameSymbol:
      issue.message = "Property " + property +
                      ": symbols (anything but letters, digits and _) were removed from its "
                      "name" +
                      stored_as;
      break;
    case IntentKind::kFlattened:
      DescribeFlattening(intent, property, issue);
      break;
    case IntentKind::kIdRenamed:
      issue.message =
          "Top-level property " + property + " is reserved for the record id" + stored_as;
      break;
    case IntentKind::kCollision: {
      const std::string stored = StoredName(intent);
      const std::string base = stored.substr(0, stored.rfind('_'));
      issue.message = "Property " + property + " would be stored as " + Quoted(base) +
                      ", a name another property already has" + stored_as;
      break;
    }
    case IntentKind::kDuplicate:
      issue.repaired.reset();
      issue.message = "Property " + property +
                      " appears more than once in the same object; the last value was kept.";
      break;
    default:
      break;
  }
}

void RecordRepairer::DescribeFlattening(const Intent& intent, const std::string& property,
                                        Issue& issue) const {
  if (intent.count == 0) {
    issue.repaired.reset();
    issue.message = "Property " + property +
                    " held only empty objects and was dropped: there was nothing to store.";
    return;
  }
  issue.repaired = std::string(ColumnName(columns_[intent.column]));
  issue.message = "Property " + property + " held nested objects or arrays; flattened into " +
                  std::to_string(intent.count) + " column(s) joined with _, the first " +
                  Quoted(*issue.repaired) + ".";
}

void RecordRepairer::DescribeRecordError(const RecordTree& tree, const Intent& intent,
                                         const std::string& property, char32_t first_invalid,
                                         Issue& issue) const {
  switch (intent.kind) {
    case IntentKind::kInvalidName: {
      const std::string why = WhyNameIsInvalid(tree, intent, first_invalid, issue);
      issue.message = "Property " + property + ": " + why +
                      ". The record was not stored; rename the property at the source.";
      break;
    }
    case IntentKind::kTooManyColumns:
      issue.message = "The record has " + std::to_string(intent.count) +
                      " columns after flattening; the maximum is " +
                      std::to_string(limits_.max_columns) + ". The record was not stored.";
      break;
    case IntentKind::kEmptyRecord:
      issue.message = EmptyRecordMessage(tree, intent);
      break;
    case IntentKind::kNotObject:
      issue.message = std::string("The record is ") + KindName(intent.detail) +
                      "; each record must be a JSON object. It was not stored.";
      break;
    default:
      break;
  }
}

// A name that is not valid UTF-8 also gets its bytes as sent in `original`.
std::string RecordRepairer::WhyNameIsInvalid(const RecordTree& tree, const Intent& intent,
                                             char32_t first_invalid, Issue& issue) const {
  const Node& node = tree.node(intent.node);
  const std::string name = Quoted(issue.repaired.value_or(""));
  if (intent.detail == kBadChar && (node.key_flags & kStringInvalidUtf8)) {
    issue.original = OriginalText(Raw(tree, node.key_raw_begin, node.key_raw_end));
    return "its name is not valid UTF-8";
  }
  if (intent.detail == kBadChar) {
    return "its name keeps " + CodePointText(first_invalid) +
           ", which is not a Latin-script letter, a digit or _";
  }
  if (intent.detail == static_cast<uint8_t>(NameProblem::kEmpty)) {
    return "nothing is left of its name after repair";
  }
  if (intent.detail == static_cast<uint8_t>(NameProblem::kBadStart)) {
    return "the name " + name + " does not start with a Latin-script letter or _";
  }
  return "the name " + name + " is longer than " + std::to_string(limits_.max_name_length) +
         " characters";
}

}  // namespace inlet::ingest
