// Any bytes as a file for `inlet post`: the framer must not crash, must frame the same
// records at the same lines however the input is cut (the first byte picks the slice
// size), and every record it passes on must be one non-empty line.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/cli/record_framer.h"

namespace {

struct Framed {
  std::vector<std::string> records;
  std::vector<uint64_t> lines;
  bool ok = true;
};

Framed Frame(std::string_view input, size_t slice) {
  Framed framed;
  inlet::cli::RecordFramer framer;
  auto sink = [&](const inlet::cli::FramedRecord& record) {
    if (record.text.empty()) std::abort();
    if (record.broken.empty() && record.text.find('\n') != std::string_view::npos) std::abort();
    framed.records.emplace_back(record.text);
    framed.lines.push_back(record.line);
  };
  for (size_t at = 0; at < input.size() && framed.ok; at += slice) {
    framed.ok = framer.Feed(input.substr(at, slice), sink).ok();
  }
  if (framed.ok) framed.ok = framer.Finish(sink).ok();
  return framed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t slice = data[0] % 16 + 1;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  Framed whole = Frame(input, input.size() + 1);
  Framed cut = Frame(input, slice);
  if (whole.ok != cut.ok) std::abort();
  if (whole.ok && (whole.records != cut.records || whole.lines != cut.lines)) std::abort();
  return 0;
}
