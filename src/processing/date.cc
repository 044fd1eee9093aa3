// ParseDateMillis: the dates that decide which part's property wins (SPEC §5).
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "inlet/processing/clue.h"

namespace inlet::processing {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// A cursor over the text that reads fixed-width digit groups.
struct Cursor {
  std::string_view s;
  size_t pos = 0;

  bool Done() const { return pos == s.size(); }
  bool Peek(char c) const { return pos < s.size() && s[pos] == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++pos;
    return true;
  }
  std::optional<int64_t> Digits(size_t n) {
    if (pos + n > s.size()) return std::nullopt;
    int64_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      char c = s[pos + i];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
  }
};

std::optional<int64_t> ParseEpochMillis(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseIso(std::string_view text) {
  Cursor c{text};
  auto year = c.Digits(4);
  if (!year || !c.Take('-')) return std::nullopt;
  auto month = c.Digits(2);
  if (!month || !c.Take('-')) return std::nullopt;
  auto day = c.Digits(2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(*year, *month)) {
    return std::nullopt;
  }
  int64_t ms = DaysFromCivil(*year, *month, *day) * 86'400'000;
  if (c.Done()) return ms;
  if (!c.Take('T') && !c.Take('t') && !c.Take(' ')) return std::nullopt;
  auto hour = c.Digits(2);
  if (!hour || !c.Take(':')) return std::nullopt;
  auto minute = c.Digits(2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  int64_t second = 0;
  int64_t fraction_ms = 0;
  if (c.Take(':')) {
    auto s = c.Digits(2);
    if (!s || *s > 59) return std::nullopt;
    second = *s;
    if (c.Take('.') || c.Take(',')) {
      // Any number of digits; milliseconds are the first three (truncated, not rounded,
      // so a date never moves into the next second).
      size_t digits = 0;
      int64_t scale = 100;
      while (c.pos < text.size() && text[c.pos] >= '0' && text[c.pos] <= '9') {
        fraction_ms += (text[c.pos] - '0') * scale;
        scale /= 10;
        ++c.pos;
        ++digits;
      }
      if (digits == 0) return std::nullopt;
    }
  }
  ms += ((*hour * 60 + *minute) * 60 + second) * 1000 + fraction_ms;
  if (c.Done() || c.Take('Z') || c.Take('z')) return c.Done() ? std::optional(ms) : std::nullopt;
  int sign = c.Take('+') ? 1 : c.Take('-') ? -1 : 0;
  if (sign == 0) return std::nullopt;
  auto offset_hours = c.Digits(2);
  if (!offset_hours) return std::nullopt;
  std::optional<int64_t> offset_minutes = 0;  // "+02" alone is a whole-hour offset
  if (!c.Done()) {
    c.Take(':');
    offset_minutes = c.Digits(2);
  }
  if (!offset_minutes || !c.Done() || *offset_hours > 23 || *offset_minutes > 59) {
    return std::nullopt;
  }
  // 10:00+02:00 is 08:00Z: subtract the offset.
  return ms - sign * (*offset_hours * 60 + *offset_minutes) * 60'000;
}

}  // namespace

std::optional<int64_t> ParseDateMillis(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.size() >= 10 && text[4] == '-') return ParseIso(text);
  return ParseEpochMillis(text);
}

}  // namespace inlet::processing
