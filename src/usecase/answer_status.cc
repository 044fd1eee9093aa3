#include "inlet/usecase/answer_status.h"

namespace inlet::usecase {

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
    case StatusCode::kGone:
      return 410;
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

const char* RetryAfterSeconds(int http_status) {
  // A busy or stopping server is soon back; a full disk waits for someone to free space,
  // and every retry of a large upload before then writes it into the WAL once more.
  if (http_status == 503) return "1";
  if (http_status == 507) return "30";
  return nullptr;
}

}  // namespace inlet::usecase
