#include "inlet/http/errors.h"

#include "http/json_support.h"
#include "inlet/usecase/answer_status.h"
#include "inlet/usecase/issue_json.h"

namespace inlet::http {

Response ErrorResponse(const Status& status, std::string_view endpoint_id) {
  if (status.code() == StatusCode::kInternal) {
    // Internal detail goes to the server log, never to the client.
    return ErrorResponse(500, "internal-error", "an internal error occurred; it has been logged",
                         endpoint_id);
  }
  return ErrorResponse(usecase::HttpStatusOf(status.code()), status.message_id(), status.message(),
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
      {"errors", nlohmann::ordered_json::array({usecase::IssueToJson(issue, endpoint_id, "")})}};
  Response response;
  response.status = http_status;
  response.body = DumpJson(body);
  if (http_status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  if (const char* seconds = usecase::RetryAfterSeconds(http_status)) {
    response.headers.Set("Retry-After", seconds);
  }
  return response;
}

}  // namespace inlet::http
