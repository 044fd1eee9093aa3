// Any bytes as a mapping document: ParseMapping must not crash, and what it accepts
// must survive MappingToJson and back unchanged (as mapping.h promises).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "inlet/processing/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto mapping = inlet::processing::ParseMapping(text);
  if (!mapping.ok()) return 0;
  auto again = inlet::processing::ParseMapping(inlet::processing::MappingToJson(*mapping));
  if (!again.ok() || !(*again == *mapping)) std::abort();
  return 0;
}
