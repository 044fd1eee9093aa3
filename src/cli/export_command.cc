// `inlet export`: the golden records, streamed from the server to standard output or a
// file as they arrive.
#include <cstdio>
#include <iostream>

#include "cli/command_parts.h"

namespace inlet::cli {

int RunExport(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  std::string target = "/api/v1/entities/export?format=" + command.format;
  if (!command.entity_type_filter.empty()) {
    target += "&type=" + PercentEncode(command.entity_type_filter);
  }
  std::FILE* file = nullptr;
  if (!command.output.empty()) {
    file = std::fopen(command.output.c_str(), "wb");
    if (!file) {
      std::perror(("inlet: " + command.output).c_str());
      return 1;
    }
  }
  bool written = true;
  auto sink = [&](std::string_view bytes) {
    if (file) {
      written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    } else {
      written =
          static_cast<bool>(out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())));
    }
    return written;
  };
  auto answer = client.Stream({"GET", target, {}, {}}, sink);
  if (file && std::fclose(file) != 0) written = false;
  if (!written) {
    std::cerr << "inlet: could not write " << (file ? command.output : "standard output") << "\n";
    return 1;
  }
  out.flush();
  return Succeeded(answer) ? 0 : 1;
}

}  // namespace inlet::cli
