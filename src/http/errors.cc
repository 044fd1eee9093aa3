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
  if (http_status == 503) response.headers.Set("Retry-After", "1");
  return response;
}

}  // namespace inlet::http
