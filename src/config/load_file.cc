// LoadFile: the JSON configuration file, with comments, read strictly: a key the
// table does not know is an error, never silently ignored.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "config/config_keys.h"

namespace inlet::config {
namespace {

using internal::Key;
// Ordered so that the first problem reported is the first one in the file.
using Json = nlohmann::ordered_json;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Status ReadWholeFile(const std::string& path, std::string& text) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    int error = errno;
    std::string message = "cannot read config file \"" + path + "\": " + std::strerror(error);
    if (error == ENOENT) return Status::NotFound("config-file-not-found", message);
    return Status::InvalidArgument("config-file-unreadable", message);
  }
  char buffer[16 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) {
    return Status::InvalidArgument("config-file-unreadable", "cannot read config file \"" + path +
                                                                 "\": " + std::strerror(errno));
  }
  return Status::Ok();
}

// "path:line:column: invalid JSON: <what nlohmann says>", so editors can jump there.
Status SyntaxError(const std::string& path, const std::string& text,
                   const nlohmann::json::parse_error& error) {
  // `byte` counts the characters read, the offending one included.
  size_t offset = std::min<size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = offset - line_start + 1;

  // Drop "[json.exception.parse_error.101] parse error at line 2, column 3: ": the
  // location is already in front and the id means nothing to an operator.
  std::string detail = error.what();
  if (size_t bracket = detail.find("] ");
      !detail.empty() && detail[0] == '[' && bracket != std::string::npos) {
    detail.erase(0, bracket + 2);
  }
  if (detail.starts_with("parse error")) {
    if (size_t colon = detail.find(": "); colon != std::string::npos) detail.erase(0, colon + 2);
  }
  return Status::InvalidArgument("config-syntax-error", path + ":" + std::to_string(line) + ":" +
                                                            std::to_string(column) +
                                                            ": invalid JSON: " + detail);
}

// The JSON parser keeps the last of two equal keys; in a config file the first one
// would then be ignored without a word, so it is refused instead.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        seen_.emplace_back();
        path_.emplace_back();
        break;
      case Json::parse_event_t::key: {
        const auto& name = parsed.get_ref<const std::string&>();
        if (!seen_.back().insert(name).second && duplicate_.empty()) {
          for (size_t i = 0; i + 1 < path_.size(); ++i) duplicate_ += path_[i] + ".";
          duplicate_ += name;
        }
        path_.back() = name;
        break;
      }
      case Json::parse_event_t::object_end:
        seen_.pop_back();
        path_.pop_back();
        break;
      default:
        break;
    }
    return true;
  }

  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> seen_;
  std::vector<std::string> path_;
  std::string duplicate_;
};

std::vector<std::string> KeyNames() {
  std::vector<std::string> names;
  for (const Key& key : internal::Keys()) names.emplace_back(key.name);
  return names;
}

std::vector<std::string> SectionNames() {
  std::vector<std::string> sections;
  for (const Key& key : internal::Keys()) {
    std::string section(key.name.substr(0, key.name.find('.')));
    if (sections.empty() || sections.back() != section) sections.push_back(section);
  }
  return sections;
}

Status UnknownKey(const std::string& path, const std::string& name, std::string hint) {
  return Status::InvalidArgument("config-unknown-key",
                                 path + ": unknown key \"" + name + "\"" + hint);
}

// A top-level name that is not a section: maybe a key written without its section.
std::string TopLevelHint(const std::string& name) {
  for (const Key& key : internal::Keys()) {
    if (key.name.substr(key.name.find('.') + 1) == name) {
      return " (did you mean \"" + std::string(key.name) + "\"?)";
    }
  }
  return internal::DidYouMean(name, SectionNames());
}

std::string Describe(const Json& value) {
  if (value.is_number()) return "the number " + value.dump();
  if (value.is_string()) return "the string " + value.dump();
  if (value.is_null()) return "null";
  if (value.is_boolean()) return value.dump();
  return std::string(value.is_array() ? "an array" : "an object");
}

Status SetFromJson(const Key& key, const Json& value, Config& config) {
  using internal::Kind;
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX}) {
      return internal::ExpectedButGot(key, Describe(value));
    }
    return internal::SetFromInteger(key, value.get<int64_t>(), config);
  }
  // Strings for sizes allow "64MiB"; other integers must be JSON numbers so that a
  // quoted "8080" is caught as the type slip it usually is.
  if (value.is_string() && key.kind != Kind::kInteger) {
    return internal::SetFromText(key, value.get_ref<const std::string&>(), config);
  }
  return internal::ExpectedButGot(key, Describe(value));
}

}  // namespace

Status LoadFile(const std::string& path, Config& config) {
  std::string text;
  INLET_RETURN_IF_ERROR(ReadWholeFile(path, text));

  DuplicateKeyFinder duplicates;
  Json root;
  try {
    root = Json::parse(text, std::ref(duplicates), /*allow_exceptions=*/true,
                       /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& error) {
    return SyntaxError(path, text, error);
  }
  if (!duplicates.duplicate().empty()) {
    return Status::InvalidArgument(
        "config-duplicate-key",
        path + ": key \"" + duplicates.duplicate() + "\" is given twice; keep one of them");
  }
  if (!root.is_object()) {
    return Status::InvalidArgument(
        "config-invalid-value",
        path + ": the top level must be an object of sections, got " + Describe(root));
  }

  // Work on a copy so that a file with an error changes nothing.
  Config updated = config;
  const std::vector<std::string> sections = SectionNames();
  for (const auto& [section, body] : root.items()) {
    bool known = std::find(sections.begin(), sections.end(), section) != sections.end();
    if (!known) {
      if (body.is_object() && !body.empty()) {
        std::string name = section + "." + body.begin().key();
        return UnknownKey(path, name, internal::DidYouMean(name, KeyNames()));
      }
      return UnknownKey(path, section, TopLevelHint(section));
    }
    if (!body.is_object()) {
      return Status::InvalidArgument(
          "config-invalid-value",
          path + ": \"" + section + "\" must be an object of keys, got " + Describe(body));
    }
    for (const auto& [name, value] : body.items()) {
      std::string dotted = section + "." + name;
      const Key* key = internal::FindKey(dotted);
      if (key == nullptr) return UnknownKey(path, dotted, internal::DidYouMean(dotted, KeyNames()));
      INLET_RETURN_IF_ERROR(SetFromJson(*key, value, updated).WithContext(path));
    }
  }
  config = std::move(updated);
  return Status::Ok();
}

}  // namespace inlet::config
