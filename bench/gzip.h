// gzip, as ADF's REST sink sends request bodies.
#pragma once

#include <string>
#include <string_view>

namespace inlet::bench {

std::string Gzip(std::string_view data);

}  // namespace inlet::bench
