#include "ingest/record_repair.h"

#include <algorithm>

#include "ingest/hash.h"
#include "ingest/name_repair.h"
#include "ingest/record_writer.h"

namespace inlet::ingest {
namespace {

bool IsContainer(const RecordTree& tree, uint32_t index) {
  const Node& node = tree.node(index);
  if (node.kind == ValueKind::kObject) return true;
  if (node.kind != ValueKind::kArray) return false;
  for (uint32_t c = node.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
    const ValueKind kind = tree.node(c).kind;
    if (kind == ValueKind::kObject || kind == ValueKind::kArray) return true;
  }
  return false;  // an array of scalars is stored as it is
}

uint32_t Winner(const RecordTree& tree, uint32_t member) {
  const uint32_t winner = tree.node(member).winner;
  return winner == kNoNode ? member : winner;
}

size_t TableSize(size_t entries) {
  size_t size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

void AppendIndex(std::string& out, uint32_t index) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + index % 10);
    index /= 10;
  } while (index != 0);
  while (n > 0) out.push_back(digits[--n]);
}

}  // namespace

void RecordRepairer::DedupeObject(RecordTree& tree, uint32_t object) {
  const Node& parent = tree.node(object);
  if (parent.child_count < 2) return;
  if (parent.child_count <= 8) {
    for (uint32_t a = parent.first_child; a != kNoNode; a = tree.node(a).next_sibling) {
      if (tree.node(a).skip) continue;
      const std::string_view key = tree.Text(tree.node(a).key);
      for (uint32_t b = tree.node(a).next_sibling; b != kNoNode; b = tree.node(b).next_sibling) {
        if (!tree.node(b).skip && tree.Text(tree.node(b).key) == key) {
          tree.node(b).skip = true;
          tree.node(a).winner = b;
        }
      }
    }
  } else {
    key_slots_.assign(TableSize(parent.child_count), kNoNode);
    const size_t mask = key_slots_.size() - 1;
    for (uint32_t c = parent.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
      const std::string_view key = tree.Text(tree.node(c).key);
      size_t slot = HashBytes(key) & mask;
      while (key_slots_[slot] != kNoNode && tree.Text(tree.node(key_slots_[slot]).key) != key) {
        slot = (slot + 1) & mask;
      }
      if (key_slots_[slot] == kNoNode) {
        key_slots_[slot] = c;
      } else {
        tree.node(c).skip = true;
        tree.node(key_slots_[slot]).winner = c;
      }
    }
  }
  for (uint32_t c = parent.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
    if (tree.node(c).winner != kNoNode)
      intents_.push_back({IntentKind::kDuplicate, 0, tree.node(c).winner});
  }
}

uint32_t RecordRepairer::RepairKey(const RecordTree& tree, uint32_t member, bool* repaired) {
  const Node& node = tree.node(member);
  segment_intents_begin_ = intents_.size();
  const SegmentRepair segment = RepairSegment(tree.Text(node.key), name_);
  if (node.key_flags & kStringRemovedChars)
    intents_.push_back({IntentKind::kNameRemovedChars, 0, member});
  if (segment.flags & kNameSpaceRemoved) intents_.push_back({IntentKind::kNameSpace, 0, member});
  if (segment.flags & kNameDotRemoved) intents_.push_back({IntentKind::kNameDot, 0, member});
  if (segment.flags & kNameSymbolRemoved) intents_.push_back({IntentKind::kNameSymbol, 0, member});
  *repaired = segment.flags != 0 || (node.key_flags & (kStringRemovedChars | kStringInvalidUtf8));
  return segment.valid_chars ? kNoNode : member;
}

void RecordRepairer::EmitColumn(const RecordTree& tree, uint32_t value, uint32_t member,
                                uint32_t top, uint32_t invalid, bool repaired, bool top_level) {
  const auto column = static_cast<uint32_t>(columns_.size());
  for (size_t i = segment_intents_begin_; i < intents_.size(); ++i) {
    if (intents_[i].node == value && intents_[i].column == kNoColumn) intents_[i].column = column;
  }
  Column added{names_.size(), name_.size(), nullptr,  value,    member,
               top,           invalid,      repaired, top_level};
  if (external_name_.data() != nullptr) {
    added.name_external = external_name_.data();  // a name stored as sent: no copy
    added.name_size = external_name_.size();
  } else {
    names_ += name_;
  }
  columns_.push_back(added);
  // Value repairs: one intent per (column, kind), on the first value that needed it.
  const Node& node = tree.node(value);
  uint8_t seen = 0;
  auto note = [&](uint32_t at, uint8_t flags) {
    const uint8_t fresh = flags & ~seen & (kStringInvalidUtf8 | kStringRemovedChars);
    if (fresh & kStringInvalidUtf8)
      intents_.push_back({IntentKind::kValueInvalidUtf8, 0, at, column});
    if (fresh & kStringRemovedChars)
      intents_.push_back({IntentKind::kValueRemovedChars, 0, at, column});
    seen |= fresh;
  };
  if (node.kind == ValueKind::kString) {
    note(value, node.value_flags);
  } else if (node.kind == ValueKind::kArray) {
    for (uint32_t c = node.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
      note(c, tree.node(c).value_flags);
    }
  }
}

void RecordRepairer::FlattenContainer(RecordTree& tree, uint32_t container, uint32_t keyed,
                                      uint32_t invalid, uint32_t top) {
  frames_.clear();
  if (tree.node(container).kind == ValueKind::kObject) DedupeObject(tree, container);
  frames_.push_back(
      {container, tree.node(container).first_child, keyed, invalid, top, name_.size()});
  while (!frames_.empty()) {
    Frame& frame = frames_.back();
    uint32_t child = frame.next;
    while (child != kNoNode && tree.node(child).skip) child = tree.node(child).next_sibling;
    if (child == kNoNode) {
      frames_.pop_back();
      continue;
    }
    frame.next = tree.node(child).next_sibling;
    const bool in_object = tree.node(frame.container).kind == ValueKind::kObject;
    uint32_t child_keyed = frame.keyed;
    uint32_t child_invalid = frame.invalid;
    name_.resize(frame.prefix);
    name_.push_back('_');
    uint32_t value = child;
    if (in_object) {
      value = Winner(tree, child);
      bool unused = false;
      const uint32_t bad = RepairKey(tree, value, &unused);
      child_keyed = value;
      if (child_invalid == kNoNode) child_invalid = bad;
    } else {
      segment_intents_begin_ = intents_.size();
      AppendIndex(name_, tree.node(child).index);
    }
    const Node& node = tree.node(value);
    if (node.kind == ValueKind::kObject) {
      if (node.child_count == 0) continue;  // a nested {} is dropped
      DedupeObject(tree, value);
      frames_.push_back(
          {value, tree.node(value).first_child, child_keyed, child_invalid, top, name_.size()});
    } else if (IsContainer(tree, value)) {
      frames_.push_back({value, node.first_child, child_keyed, child_invalid, top, name_.size()});
    } else {
      EmitColumn(tree, value, child_keyed, top, child_invalid, true, false);
    }
  }
}

void RecordRepairer::Walk(RecordTree& tree) {
  DedupeObject(tree, 0);
  for (uint32_t m = tree.node(0).first_child; m != kNoNode; m = tree.node(m).next_sibling) {
    if (tree.node(m).skip) continue;
    const uint32_t member = Winner(tree, m);
    if (!IsContainer(tree, member)) {
      // The common case: a name stored as sent, pointing into the body (or scratch).
      const Node& node = tree.node(member);
      const std::string_view key = tree.Text(node.key);
      if (!(node.key_flags & (kStringRemovedChars | kStringInvalidUtf8)) && IsPlainName(key)) {
        external_name_ = key;
        segment_intents_begin_ = intents_.size();
        EmitColumn(tree, member, member, member, kNoNode, false, true);
        external_name_ = {};
        continue;
      }
    }
    name_.clear();
    bool repaired = false;
    const uint32_t invalid = RepairKey(tree, member, &repaired);
    if (!IsContainer(tree, member)) {
      EmitColumn(tree, member, member, member, invalid, repaired, true);
      continue;
    }
    const auto first = static_cast<uint32_t>(columns_.size());
    if (tree.node(member).child_count > 0) FlattenContainer(tree, member, member, invalid, member);
    Intent flattened{IntentKind::kFlattened, 0, member};
    flattened.count = static_cast<uint32_t>(columns_.size()) - first;
    if (flattened.count > 0) flattened.column = first;  // else it was dropped
    intents_.push_back(flattened);
  }
}

void RecordRepairer::SetName(Column& column, std::string_view name) {
  column.name_external = nullptr;
  column.name_offset = names_.size();
  column.name_size = name.size();
  names_ += name;
}

void RecordRepairer::ApplyIdRule() {
  for (uint32_t i = 0; i < columns_.size(); ++i) {
    Column& column = columns_[i];
    if (!column.top_level || !IsIdName(ColumnName(column))) continue;
    std::string renamed = "_";
    renamed += ColumnName(column);
    SetName(column, renamed);
    column.repaired = true;
    intents_.push_back({IntentKind::kIdRenamed, 0, column.member, i});
  }
}

bool RecordRepairer::FindOrPlace(std::string_view name, uint32_t column) {
  const size_t mask = slots_.size() - 1;
  size_t slot = HashBytes(name) & mask;
  for (; slots_[slot] != kNoColumn; slot = (slot + 1) & mask) {
    if (ColumnName(columns_[slots_[slot]]) == name) return true;
  }
  if (column != kNoColumn) {
    slots_[slot] = column;
    columns_[column].placed = true;
  }
  return false;
}

void RecordRepairer::ResolveCollisions() {
  // Names stored as sent are distinct once repeated keys are gone: nothing can collide.
  bool any_repaired = false;
  for (const Column& column : columns_) any_repaired |= column.repaired;
  if (!any_repaired) return;
  slots_.assign(TableSize(columns_.size() + 1), kNoColumn);
  // Names that needed no repair keep them; repaired ones yield, in document order.
  for (uint32_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].repaired) FindOrPlace(ColumnName(columns_[i]), i);
  }
  std::string candidate;
  for (uint32_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].placed || !FindOrPlace(ColumnName(columns_[i]), i)) continue;
    const std::string base(ColumnName(columns_[i]));
    for (int suffix = 2;; ++suffix) {
      candidate = base + "_" + std::to_string(suffix);
      if (!FindOrPlace(candidate, kNoColumn)) break;
    }
    SetName(columns_[i], candidate);
    columns_[i].repaired = true;
    FindOrPlace(candidate, i);
    intents_.push_back({IntentKind::kCollision, 0, columns_[i].member, i});
  }
}

void RecordRepairer::Validate() {
  for (uint32_t i = 0; i < columns_.size(); ++i) {
    const Column& column = columns_[i];
    if (column.invalid != kNoNode) {
      intents_.push_back({IntentKind::kInvalidName, kBadChar, column.invalid, i});
      continue;
    }
    const NameProblem problem = CheckName(ColumnName(column), limits_.max_name_length);
    if (problem == NameProblem::kNone) continue;
    const uint32_t culprit = problem == NameProblem::kTooLong ? column.member : column.top;
    intents_.push_back({IntentKind::kInvalidName, static_cast<uint8_t>(problem), culprit, i});
  }
  if (columns_.size() > static_cast<size_t>(std::max(limits_.max_columns, 0))) {
    Intent too_many{IntentKind::kTooManyColumns};
    too_many.count = static_cast<uint32_t>(columns_.size());
    intents_.push_back(too_many);
  }
}

bool RecordRepairer::Repair(RecordTree& tree, int64_t row_index, IssueCollector& issues,
                            std::string* json) {
  intents_.clear();
  columns_.clear();
  names_.clear();
  const Node& root = tree.node(0);
  if (root.kind == ValueKind::kNull || (root.kind == ValueKind::kObject && root.child_count == 0)) {
    intents_.push_back({IntentKind::kEmptyRecord});
  } else if (root.kind != ValueKind::kObject) {
    intents_.push_back({IntentKind::kNotObject, static_cast<uint8_t>(root.kind)});
  } else {
    Walk(tree);
    if (columns_.empty()) {
      intents_.push_back({IntentKind::kEmptyRecord, 1});
    } else {
      ApplyIdRule();
      // A record over the column limit is rejected anyway; skipping the suffix search keeps
      // a hostile record of 100,000 names that all repair alike from costing n² probes.
      if (columns_.size() <= static_cast<size_t>(std::max(limits_.max_columns, 0))) {
        ResolveCollisions();
      }
      Validate();
    }
  }
  bool has_errors = false;
  for (const Intent& intent : intents_) has_errors |= intent.kind >= IntentKind::kInvalidName;
  Report(tree, row_index, has_errors, issues);
  if (has_errors) return false;
  WriteRecord(tree, *this, json);
  return true;
}

}  // namespace inlet::ingest
