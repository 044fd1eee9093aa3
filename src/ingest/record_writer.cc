#include "ingest/record_writer.h"

#include <cstring>

#include "ingest/json_text.h"
#include "inlet/common/json_text.h"

namespace inlet::ingest {

void WriteValue(const RecordTree& tree, uint32_t index, std::string& out) {
  const Node& node = tree.node(index);
  switch (node.kind) {
    case ValueKind::kNull:
      out += "null";
      return;
    case ValueKind::kTrue:
      out += "true";
      return;
    case ValueKind::kFalse:
      out += "false";
      return;
    case ValueKind::kNumber:
      out += tree.Text(node.value);
      return;
    case ValueKind::kString:
      if (node.value.in_scratch) {
        AppendJsonString(out, tree.Text(node.value));
      } else {
        // Source bytes without escapes: no quote, backslash or control character in them.
        out.push_back('"');
        out += tree.Text(node.value);
        out.push_back('"');
      }
      return;
    case ValueKind::kArray:
    case ValueKind::kObject: {
      // Flattening leaves only arrays of scalars; an object here would be a bug, and is
      // written as an array of its values rather than recursed into.
      out.push_back('[');
      for (uint32_t c = node.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
        if (c != node.first_child) out.push_back(',');
        const ValueKind kind = tree.node(c).kind;
        if (kind == ValueKind::kArray || kind == ValueKind::kObject) {
          out += "null";
        } else {
          WriteValue(tree, c, out);
        }
      }
      out.push_back(']');
      return;
    }
  }
}

namespace {

// The exact size of a value written as its source bytes (a number, a literal, a string
// without escapes, an array of those); 0 when it needs escaping.
size_t PlainSize(const RecordTree& tree, uint32_t index) {
  const Node& node = tree.node(index);
  switch (node.kind) {
    case ValueKind::kNull:
    case ValueKind::kTrue:
      return 4;
    case ValueKind::kFalse:
      return 5;
    case ValueKind::kNumber:
      return node.value.size;
    case ValueKind::kString:
      return node.value.in_scratch ? 0 : node.value.size + 2;
    case ValueKind::kArray: {
      size_t size = 2 + (node.child_count > 0 ? node.child_count - 1 : 0);
      for (uint32_t c = node.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
        const ValueKind kind = tree.node(c).kind;
        const size_t element =
            kind == ValueKind::kArray || kind == ValueKind::kObject ? 0 : PlainSize(tree, c);
        if (element == 0) return 0;
        size += element;
      }
      return size;
    }
    case ValueKind::kObject:
      return 0;
  }
  return 0;
}

char* Put(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// Writes a value PlainSize accepted.
char* PutPlain(char* p, const RecordTree& tree, uint32_t index) {
  const Node& node = tree.node(index);
  switch (node.kind) {
    case ValueKind::kNull:
      return Put(p, "null");
    case ValueKind::kTrue:
      return Put(p, "true");
    case ValueKind::kFalse:
      return Put(p, "false");
    case ValueKind::kString:
      *p++ = '"';
      p = Put(p, tree.Text(node.value));
      *p++ = '"';
      return p;
    case ValueKind::kArray:
      *p++ = '[';
      for (uint32_t c = node.first_child; c != kNoNode; c = tree.node(c).next_sibling) {
        if (c != node.first_child) *p++ = ',';
        p = PutPlain(p, tree, c);
      }
      *p++ = ']';
      return p;
    default:
      return Put(p, tree.Text(node.value));
  }
}

}  // namespace

void WriteRecord(const RecordTree& tree, const RecordRepairer& repairer, std::string* out) {
  const std::vector<Column>& columns = repairer.columns();
  // The common case: every value is plain, so the size is known: one resize, then copies.
  size_t size = 2 + (columns.empty() ? 0 : columns.size() - 1);
  for (const Column& column : columns) {
    const size_t value = PlainSize(tree, column.value);
    if (value == 0) {
      size = 0;
      break;
    }
    size += column.name_size + 3 + value;
  }
  if (size > 0) {
    out->resize(size);
    char* p = out->data();
    *p++ = '{';
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) *p++ = ',';
      *p++ = '"';
      p = Put(p, repairer.ColumnName(columns[i]));
      *p++ = '"';
      *p++ = ':';
      p = PutPlain(p, tree, columns[i].value);
    }
    *p = '}';
    return;
  }
  out->clear();
  out->push_back('{');
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('"');
    *out += repairer.ColumnName(columns[i]);
    *out += "\":";
    WriteValue(tree, columns[i].value, *out);
  }
  out->push_back('}');
}

}  // namespace inlet::ingest
