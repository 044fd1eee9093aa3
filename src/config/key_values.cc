// Reading, parsing, checking and storing one key's value.
#include <algorithm>
#include <charconv>
#include <type_traits>
#include <utility>

#include "config/config_keys.h"

namespace inlet::config::internal {
namespace {

constexpr size_t kMaxQuotedValue = 80;

Status InvalidValue(const Key& key, const std::string& what) {
  return Status::InvalidArgument("config-invalid-value", std::string(key.name) + ": " + what);
}

// Quoted for the message, shortened so a pasted file does not flood the terminal.
std::string Quote(std::string_view text) {
  if (text.size() <= kMaxQuotedValue) return "\"" + std::string(text) + "\"";
  size_t cut = kMaxQuotedValue;
  // Back off to a character boundary so the message stays valid UTF-8.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + std::string(text.substr(0, cut)) + "...\"";
}

std::string Expected(const Key& key) {
  switch (key.kind) {
    case Kind::kString:
      return key.non_empty ? "a non-empty string" : "a string";
    case Kind::kChoice: {
      std::string list;
      for (size_t i = 0; i < key.choices.size(); ++i) {
        list += i == 0 ? "" : (i + 1 == key.choices.size() ? " or " : ", ");
        list += "\"" + std::string(key.choices[i]) + "\"";
      }
      return list;
    }
    case Kind::kInteger:
      return "an integer from " + std::to_string(key.min) + " to " + std::to_string(key.max);
    case Kind::kBytes:
      return "a size from " + FormatBytes(key.min) + " to " + FormatBytes(key.max) +
             " (bytes, or text like \"64MiB\")";
  }
  return "";
}

struct Suffix {
  std::string_view text;
  int64_t factor;
};
constexpr Suffix kSuffixes[] = {{"KiB", 1ll << 10}, {"MiB", 1ll << 20}, {"GiB", 1ll << 30}};

// The whole text must be the number: " 80", "80x" or "8e1" are refused rather than
// half-read. A leading '-' is let through so that the range check can say what is
// allowed instead of "not a number".
Status ParseInteger(const Key& key, std::string_view text, int64_t& value) {
  auto refuse = [&](std::string_view why) {
    return InvalidValue(key,
                        "expected " + Expected(key) + ", got " + Quote(text) + std::string(why));
  };
  int64_t factor = 1;
  std::string_view digits = text;
  if (key.kind == Kind::kBytes) {
    for (const Suffix& suffix : kSuffixes) {
      if (digits.ends_with(suffix.text)) {
        digits.remove_suffix(suffix.text.size());
        factor = suffix.factor;
        break;
      }
    }
  }
  if (digits.empty()) return refuse("");
  const char* digits_end = digits.data() + digits.size();
  auto [end, error] = std::from_chars(digits.data(), digits_end, value);
  if (end != digits_end) return refuse("");
  if (error == std::errc::result_out_of_range || value > INT64_MAX / factor ||
      value < INT64_MIN / factor) {
    return refuse(", which is out of range");
  }
  if (error != std::errc()) return refuse("");
  value *= factor;
  return Status::Ok();
}

template <typename T>
bool InRange(const Key& key, T value) {
  return std::cmp_greater_equal(value, key.min) && std::cmp_less_equal(value, key.max);
}

std::string OutOfRange(const Key& key, std::string_view got) {
  return "expected " + Expected(key) + ", got " + std::string(got);
}

Status CheckString(const Key& key, const std::string& value) {
  if (key.kind == Kind::kChoice &&
      std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
    return InvalidValue(key, "expected " + Expected(key) + ", got " + Quote(value));
  }
  if (key.non_empty && value.empty()) return InvalidValue(key, "must not be empty");
  return Status::Ok();
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  for (auto it = std::rbegin(kSuffixes); it != std::rend(kSuffixes); ++it) {
    uint64_t factor = static_cast<uint64_t>(it->factor);
    if (bytes >= factor && bytes % factor == 0) {
      return std::to_string(bytes / factor) + " " + std::string(it->text);
    }
  }
  return std::to_string(bytes) + " B";
}

std::string ValueText(const Key& key, const Config& config) {
  return std::visit(
      [](const auto* value) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, std::string>) {
          return *value;
        } else {
          return std::to_string(*value);
        }
      },
      key.const_field(config));
}

Status ExpectedButGot(const Key& key, const std::string& got) {
  return InvalidValue(key, "expected " + Expected(key) + ", got " + got);
}

Status SetFromInteger(const Key& key, int64_t value, Config& config) {
  if (key.kind != Kind::kInteger && key.kind != Kind::kBytes) {
    return ExpectedButGot(key, "the number " + std::to_string(value));
  }
  if (!InRange(key, value)) return InvalidValue(key, OutOfRange(key, std::to_string(value)));
  std::visit(
      [value](auto* field) {
        using T = std::decay_t<decltype(*field)>;
        // The table's bounds fit every integer field (a unit test checks it), so the
        // cast cannot narrow.
        if constexpr (std::is_integral_v<T>) *field = static_cast<T>(value);
      },
      key.field(config));
  return Status::Ok();
}

Status SetFromText(const Key& key, std::string_view text, Config& config) {
  if (key.kind == Kind::kInteger || key.kind == Kind::kBytes) {
    int64_t value = 0;
    INLET_RETURN_IF_ERROR(ParseInteger(key, text, value));
    if (!InRange(key, value)) return InvalidValue(key, OutOfRange(key, Quote(text)));
    return SetFromInteger(key, value, config);
  }
  std::string value(text);
  INLET_RETURN_IF_ERROR(CheckString(key, value));
  *std::get<std::string*>(key.field(config)) = std::move(value);
  return Status::Ok();
}

Status CheckValue(const Key& key, const Config& config) {
  return std::visit(
      [&key](const auto* value) -> Status {
        using T = std::decay_t<decltype(*value)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return CheckString(key, *value);
        } else {
          if (!InRange(key, *value)) {
            return InvalidValue(key, OutOfRange(key, std::to_string(*value)));
          }
          return Status::Ok();
        }
      },
      key.const_field(config));
}

}  // namespace inlet::config::internal
