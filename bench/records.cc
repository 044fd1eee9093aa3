#include "records.h"

#include <array>
#include <charconv>
#include <string_view>

namespace inlet::bench {
namespace {

// splitmix64: a cheap, well-mixed function of the record's coordinates, so neighbouring
// records differ in every field and no value run helps an index or a compressor.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Seed(uint32_t stream, int64_t index, int salt) {
  return Mix((static_cast<uint64_t>(stream) << 40) ^ static_cast<uint64_t>(index) ^
             (static_cast<uint64_t>(salt) << 60));
}

struct Name {
  std::string_view display;  // as shown, UTF-8 where the name has it
  std::string_view ascii;    // for the email address
};

constexpr std::array<Name, 16> kFirst = {{{"Ann", "ann"},
                                          {"Bjørn", "bjorn"},
                                          {"Chloé", "chloe"},
                                          {"David", "david"},
                                          {"Eva", "eva"},
                                          {"François", "francois"},
                                          {"Gunnar", "gunnar"},
                                          {"Hanna", "hanna"},
                                          {"Ingrid", "ingrid"},
                                          {"José", "jose"},
                                          {"Karin", "karin"},
                                          {"Lars", "lars"},
                                          {"Maja", "maja"},
                                          {"Nils", "nils"},
                                          {"Zoë", "zoe"},
                                          {"Åsa", "asa"}}};
constexpr std::array<Name, 16> kLast = {{{"Berg", "berg"},
                                         {"Dahl", "dahl"},
                                         {"Ekström", "ekstrom"},
                                         {"Fischer", "fischer"},
                                         {"García", "garcia"},
                                         {"Hansen", "hansen"},
                                         {"Jensen", "jensen"},
                                         {"Johansson", "johansson"},
                                         {"Lindqvist", "lindqvist"},
                                         {"Martin", "martin"},
                                         {"Müller", "muller"},
                                         {"Nilsen", "nilsen"},
                                         {"O'Brien", "obrien"},
                                         {"Olsen", "olsen"},
                                         {"Søndergaard", "sondergaard"},
                                         {"van Dijk", "vandijk"}}};
constexpr std::array<std::string_view, 8> kDomains = {
    "example.com", "mail.example.org", "post.example.net", "kunde.example.no",
    "example.se",  "shop.example.dk",  "example.de",       "correo.example.es"};
constexpr std::array<std::string_view, 8> kStreets = {"Storgata",    "Kungsgatan",    "Strøget",
                                                      "Hauptstraße", "Rue de Rivoli", "Calle Mayor",
                                                      "High Street", "Bogstadveien"};
constexpr std::array<std::string_view, 8> kCities = {"Oslo",  "Stockholm", "København", "Berlin",
                                                     "Paris", "Madrid",    "London",    "Bergen"};
constexpr std::array<std::string_view, 8> kCountries = {"NO", "SE", "DK", "DE",
                                                        "FR", "ES", "GB", "NO"};
constexpr std::array<std::string_view, 6> kTags = {"\"retail\"",     "\"nordic\"", "\"wholesale\"",
                                                   "\"newsletter\"", "\"b2b\"",    "\"loyalty\""};

void AppendNumber(std::string& out, uint64_t value, int width) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  (void)ec;
  for (int pad = width - static_cast<int>(end - digits); pad > 0; --pad) out += '0';
  out.append(digits, end);
}

template <typename T, size_t N>
const T& Pick(const std::array<T, N>& list, uint64_t bits) {
  return list[bits % N];
}

void AppendEmail(std::string& out, uint32_t stream, int64_t index) {
  const uint64_t h = Seed(stream, index, 0);
  out += Pick(kFirst, h).ascii;
  out += '.';
  out += Pick(kLast, h >> 8).ascii;
  out += '.';
  AppendNumber(out, static_cast<uint64_t>(stream), 0);
  out += '.';
  AppendNumber(out, static_cast<uint64_t>(index), 0);
  out += '@';
  out += Pick(kDomains, h >> 16);
}

}  // namespace

void AppendRecord(std::string& out, uint32_t stream, int64_t index, int variant, Emails emails) {
  const uint64_t h = Seed(stream, index, 0);
  const uint64_t v = Seed(stream, index, 1 + variant);  // the fields a change touches
  out += "{\"customerId\":\"C";
  AppendNumber(out, stream, 2);
  out += '-';
  AppendNumber(out, static_cast<uint64_t>(index), 9);
  out += "\",\"firstName\":\"";
  out += Pick(kFirst, h).display;
  out += "\",\"lastName\":\"";
  out += Pick(kLast, h >> 8).display;
  out += "\",\"email\":\"";
  int64_t email_of = index;
  if (emails == Emails::kPairs && index % 20 == 19) email_of = index - 1;
  if (emails == Emails::kAllShareOne) email_of = 0;
  AppendEmail(out, stream, email_of);
  out += "\",\"phone\":\"+47 ";
  AppendNumber(out, 40000000 + v % 59999999, 8);
  out += "\",\"street\":\"";
  out += Pick(kStreets, h >> 24);
  out += ' ';
  AppendNumber(out, 1 + (h >> 28) % 180, 0);
  out += "\",\"city\":\"";
  out += Pick(kCities, h >> 36);
  out += "\",\"postalCode\":\"";
  AppendNumber(out, (h >> 40) % 10000, 4);
  out += "\",\"country\":\"";
  out += Pick(kCountries, h >> 36);
  out += "\",\"modifiedAt\":\"";
  AppendNumber(out, 2023 + static_cast<uint64_t>(variant), 4);
  out += '-';
  AppendNumber(out, 1 + (v >> 8) % 12, 2);
  out += '-';
  AppendNumber(out, 1 + (v >> 12) % 28, 2);
  out += 'T';
  AppendNumber(out, (v >> 16) % 24, 2);
  out += ':';
  AppendNumber(out, (v >> 24) % 60, 2);
  out += ':';
  AppendNumber(out, (v >> 32) % 60, 2);
  out += "Z\",\"balance\":";
  // Two decimals kept as sent ("120.50"): the server must not reformat numbers.
  AppendNumber(out, (h >> 44) % 50000, 0);
  out += '.';
  AppendNumber(out, (h >> 52) % 100, 2);
  out += ",\"tags\":[";
  out += Pick(kTags, h >> 60);
  out += ',';
  out += Pick(kTags, (h >> 61) + 3);
  out += "]}";
}

std::string Record(const RecordRange& range, int64_t row_index) {
  std::string out;
  AppendRecord(out, range.stream, range.first + row_index, range.variant, range.emails);
  return out;
}

std::string ArrayBody(const RecordRange& range) {
  std::string body = "[";
  body.reserve(static_cast<size_t>(range.count) * 330 + 2);
  for (int64_t i = 0; i < range.count; ++i) {
    if (i > 0) body += ',';
    AppendRecord(body, range.stream, range.first + i, range.variant, range.emails);
  }
  body += ']';
  return body;
}

size_t ArrayBodySize(const RecordRange& range) {
  size_t size = 0;
  StreamArrayBody(range, 1 << 16, [&](const std::string& piece) { size += piece.size(); });
  return size;
}

}  // namespace inlet::bench
