#include "ingest/record_writer.h"

#include "ingest/json_text.h"

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

void WriteRecord(const RecordTree& tree, const RecordRepairer& repairer, std::string* out) {
  out->clear();
  out->push_back('{');
  const std::vector<Column>& columns = repairer.columns();
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
