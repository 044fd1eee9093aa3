// The client's commands, each given a connected client (private to cli/).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "inlet/cli/client_command.h"
#include "inlet/cli/http_client.h"

namespace inlet::cli {

int RunEndpointCommand(const ClientCommand& command, HttpClient& client, std::ostream& out);
int RunPost(const ClientCommand& command, const ServerAccess& access, std::ostream& out);
int RunProcess(const ClientCommand& command, HttpClient& client, std::ostream& out);
int RunExport(const ClientCommand& command, HttpClient& client, std::ostream& out);

// `text` as a path segment or query value: unreserved characters kept, the rest %XX.
std::string PercentEncode(std::string_view text);

// Prints why a call failed ("inlet: HTTP 404 endpoint-not-found: …", or the connection's
// failure) on standard error and returns 1.
int ReportFailure(const Result<HttpAnswer>& answer);

// True for a 2xx answer; otherwise prints it with ReportFailure.
bool Succeeded(const Result<HttpAnswer>& answer);

}  // namespace inlet::cli
