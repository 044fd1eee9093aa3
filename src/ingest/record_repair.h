// Validation and repair of one parsed record (SPEC §2.3): the record-level checks, the
// eight property-name rules, the value repairs, and the canonical JSON of what is stored.
//
// Work is split in two so that clean records stay cheap: the walk over the tree only
// notes *intents* (small structs: what happened to which node); Issue objects, with their
// names, paths and messages, are built at the end, and only for the issues the record's
// fate calls for — its errors if it is rejected, else its warnings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ingest/record_tree.h"
#include "inlet/ingest/ingest.h"
#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest {

inline constexpr uint32_t kNoColumn = 0xFFFFFFFF;

// One stored column: a flattened name and the node holding its value (a scalar or an
// array of scalars).
struct Column {
  size_t name_offset = 0;  // in the repairer's names buffer, unless name_external is set
  size_t name_size = 0;
  const char* name_external = nullptr;  // the member's own name, when stored unchanged
  uint32_t value = kNoNode;
  uint32_t member = kNoNode;   // nearest node with a key: its name is the issue's `property`
  uint32_t top = kNoNode;      // the top-level member it comes from
  uint32_t invalid = kNoNode;  // a member on its path whose name keeps a forbidden character
  bool repaired = false;       // stored name differs from the name as sent
  bool top_level = false;      // a top-level member stored as it is (not flattened)
  bool placed = false;         // its name is settled (collision rule)
};

enum class IntentKind : uint8_t {
  // Warnings.
  kNameRemovedChars,
  kNameSpace,
  kNameDot,
  kNameSymbol,
  kFlattened,
  kIdRenamed,
  kCollision,
  kDuplicate,
  kValueRemovedChars,
  kValueInvalidUtf8,
  // Errors.
  kInvalidName,
  kTooManyColumns,
  kEmptyRecord,
  kNotObject,
};

struct Intent {
  IntentKind kind;
  uint8_t detail = 0;       // kInvalidName: a NameProblem or kBadChar; kNotObject: ValueKind
  uint32_t node = kNoNode;  // the member or value it is about
  uint32_t column = kNoColumn;
  uint32_t count = 0;  // kFlattened, kTooManyColumns: how many columns
};

inline constexpr uint8_t kBadChar = 100;  // Intent::detail beyond NameProblem

class RecordRepairer {
 public:
  explicit RecordRepairer(const Limits& limits) : limits_(limits) {}

  // Validates and repairs the record whose root is node 0 of `tree` (marks repeated keys
  // in it). When it can be stored, writes its canonical JSON to `*json`, reports its
  // warnings and returns true; otherwise reports all its errors (no warnings) and
  // returns false. `row_index` goes into every issue.
  bool Repair(RecordTree& tree, int64_t row_index, IssueCollector& issues, std::string* json);

  // The columns of the last record, in document order (for tests).
  const std::vector<Column>& columns() const { return columns_; }
  std::string_view ColumnName(const Column& column) const {
    return column.name_external != nullptr
               ? std::string_view(column.name_external, column.name_size)
               : std::string_view(names_).substr(column.name_offset, column.name_size);
  }

 private:
  void DedupeObject(RecordTree& tree, uint32_t object);
  void Walk(RecordTree& tree);
  void FlattenContainer(RecordTree& tree, uint32_t container, uint32_t keyed, uint32_t invalid,
                        uint32_t top);
  uint32_t RepairKey(const RecordTree& tree, uint32_t member, bool* repaired);
  void EmitColumn(const RecordTree& tree, uint32_t value, uint32_t member, uint32_t top,
                  uint32_t invalid, bool repaired, bool top_level);
  void ApplyIdRule();
  void ResolveCollisions();
  void Validate();
  void SetName(Column& column, std::string_view name);
  // Looks `name` up among the placed columns; when absent and `column` is not kNoColumn,
  // places that column (whose name is `name`). Returns whether it was present.
  bool FindOrPlace(std::string_view name, uint32_t column);
  // record_issues.cc: turns intents of one level into issues.
  void Report(const RecordTree& tree, int64_t row_index, bool errors, IssueCollector& issues);
  // What decides whether the collector keeps an issue: its level, property and message id.
  Issue IssueHead(const RecordTree& tree, const Intent& intent, int64_t row_index,
                  bool errors) const;
  // The name an intent is reported once for: a value's by its column, a name's as sent.
  std::string DedupeName(const Intent& intent, const Issue& issue) const;
  std::string StoredName(const Intent& intent) const;
  // The costly part, built only for issues the collector keeps: path, name as stored and
  // message.
  void Describe(const RecordTree& tree, const Intent& intent, Issue& issue) const;
  void DescribeNameRepair(const Intent& intent, const std::string& property, Issue& issue) const;
  void DescribeFlattening(const Intent& intent, const std::string& property, Issue& issue) const;
  void DescribeRecordError(const RecordTree& tree, const Intent& intent,
                           const std::string& property, char32_t first_invalid, Issue& issue) const;
  std::string WhyNameIsInvalid(const RecordTree& tree, const Intent& intent, char32_t first_invalid,
                               Issue& issue) const;

  Limits limits_;
  std::vector<Column> columns_;
  std::string names_;               // column names, back to back
  std::string name_;                // the name being built during the walk
  std::string_view external_name_;  // set instead of name_ for a name stored as sent
  std::vector<Intent> intents_;
  size_t segment_intents_begin_ = 0;  // intents of the key just repaired
  struct Frame {
    uint32_t container;
    uint32_t next;
    uint32_t keyed;
    uint32_t invalid;
    uint32_t top;
    size_t prefix;
  };
  std::vector<Frame> frames_;
  std::vector<uint32_t> slots_;      // open-addressing table of column indexes
  std::vector<uint32_t> key_slots_;  // the same, of member nodes, for repeated keys
};

}  // namespace inlet::ingest
