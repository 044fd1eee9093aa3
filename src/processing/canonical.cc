// The canonical form of a record behind "hash-sha1:" identifiers. Sorting the members
// makes the hash independent of the order a client happened to send them in; keeping
// each value's stored text keeps numbers exact ("1.50" and "1.5" are different data).
#include <algorithm>
#include <utility>
#include <vector>

#include "inlet/common/json_fields.h"
#include "inlet/processing/clue.h"
#include "processing/sha1.h"

namespace inlet::processing {

std::string CanonicalRecord(std::string_view record_json) {
  std::vector<std::pair<std::string_view, std::string_view>> members;
  size_t size = 2;
  ForEachTopLevelMember(record_json, [&](std::string_view name, std::string_view value) {
    members.emplace_back(name, value);
    size += name.size() + value.size() + 4;
  });
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  out.reserve(size);
  out += '{';
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += members[i].first;  // stored names never need escapes (json_fields.h)
    out += "\":";
    out += members[i].second;
  }
  out += '}';
  return out;
}

std::string RecordHashIdentifier(std::string_view record_json) {
  return "hash-sha1:" + Sha1Hex(CanonicalRecord(record_json));
}

}  // namespace inlet::processing
