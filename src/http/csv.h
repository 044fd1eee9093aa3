// CSV as RFC 4180 writes it (private to http/): fields separated by commas, rows ended
// by CRLF, a field quoted when it holds a comma, a quote, CR or LF (its quotes doubled).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace inlet::http {

void AppendCsvField(std::string& out, std::string_view field);
void AppendCsvRow(std::string& out, const std::vector<std::string_view>& fields);

}  // namespace inlet::http
