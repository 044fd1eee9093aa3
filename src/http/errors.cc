#include "inlet/http/errors.h"

#include "http/json_support.h"

namespace inlet::http {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kMethodNotAllowed:
      return 405;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kUnsupportedMedia:
      return 415;
    case StatusCode::kUnprocessable:
      return 422;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kStorageFull:
      return 507;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status, std::string_view endpoint_id) {
  if (status.code() == StatusCode::kInternal) {
    // Internal detail goes to the server log, never to the client.
    return ErrorResponse(500, "internal-error", "an internal error occurred; it has been logged",
                         endpoint_id);
  }
  return ErrorResponse(HttpStatusOf(status.code()), status.message_id(), status.message(),
                       endpoint_id);
}

Response ErrorResponse(int http_status, const std::string& message_id, const std::string& message,
                       std::string_view endpoint_id) {
  Issue issue;
  issue.message_id = message_id;
  issue.message = message;
  nlohmann::ordered_json body = {
      {"success", false},
      {"error", true},
      {"errors", nlohmann::ordered_json::array({IssueToJson(issue, endpoint_id, "")})}};
  Response response;
  response.status = http_status;
  response.body = DumpJson(body);
  if (http_status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  if (const char* seconds = RetryAfterSeconds(http_status)) {
    response.headers.Set("Retry-After", seconds);
  }
  return response;
}

const char* RetryAfterSeconds(int http_status) {
  // A busy or stopping server is soon back; a full disk waits for someone to free space,
  // and every retry of a large upload before then writes it into the WAL once more.
  if (http_status == 503) return "1";
  if (http_status == 507) return "30";
  return nullptr;
}

}  // namespace inlet::http
