// The one table of configuration keys and the per-key operations built on it. The
// file loader, the environment, flags, Validate and DocumentedKeys all go through
// this table, so a key cannot exist in one of them and be missing from another.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/config/config.h"

namespace inlet::config::internal {

enum class Kind {
  kString,   // any text; `non_empty` may forbid ""
  kChoice,   // one of `choices`
  kInteger,  // whole number in [min, max]
  kBytes,    // like kInteger; text may also carry a KiB, MiB or GiB suffix
};

// Where a key's value lives in a Config. The alternatives are the field types the
// structs use; a key's kind decides which one it must be (checked by a unit test).
using FieldRef = std::variant<std::string*, uint16_t*, int*, int64_t*, uint64_t*>;
using ConstFieldRef =
    std::variant<const std::string*, const uint16_t*, const int*, const int64_t*, const uint64_t*>;

struct Key {
  std::string_view name;  // dotted, as in the file: "server.port"
  Kind kind;
  FieldRef (*field)(Config&);
  ConstFieldRef (*const_field)(const Config&);
  std::string_view doc;  // prose; the constraint sentence is appended by Doc()
  int64_t min = 0;       // inclusive bounds for kInteger and kBytes
  int64_t max = 0;
  std::vector<std::string_view> choices = {};  // kChoice
  bool non_empty = false;                      // kString
};

// All keys in the order of config/inlet.json.
std::span<const Key> Keys();

// nullptr when no key has that dotted name.
const Key* FindKey(std::string_view dotted_name);

// "server.maxConnections" -> "INLET_SERVER_MAX_CONNECTIONS".
std::string EnvironmentName(const Key& key);

// The key's documentation line: prose followed by what values are allowed.
std::string Doc(const Key& key);

// The current value as text: decimal for integers, the string itself otherwise.
std::string ValueText(const Key& key, const Config& config);

// Parses `text` as flags and environment variables supply it, checks it against the
// key's constraint and stores it. On error `config` is unchanged and the message
// starts with the dotted key.
Status SetFromText(const Key& key, std::string_view text, Config& config);

// The same for an integer that arrived already typed (a JSON number).
Status SetFromInteger(const Key& key, int64_t value, Config& config);

// "key: expected <what the key takes>, got <got>", for type errors found by callers.
Status ExpectedButGot(const Key& key, const std::string& got);

// Checks the value currently in `config` against the key's own constraint.
Status CheckValue(const Key& key, const Config& config);

// "1 KiB", "64 MiB" when exact, else "1000 bytes".
std::string FormatBytes(uint64_t bytes);

// Levenshtein distance, for "did you mean" hints.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` if it is within 2 edits, else "".
std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates);

// ` (did you mean "x"?)` or "" when nothing is close.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace inlet::config::internal
