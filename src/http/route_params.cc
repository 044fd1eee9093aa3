#include "http/route_params.h"

#include "inlet/common/uuid.h"

namespace inlet::http {

Result<std::string> EndpointIdParam(const Call& call) {
  auto id = NormalizeUuid(call.params[0]);
  if (!id) {
    return Status::NotFound("endpoint-not-found",
                            "\"" + call.params[0] + "\" is not an endpoint id");
  }
  return *id;
}

Result<std::string> ReceiptIdParam(const Call& call) {
  auto id = NormalizeUuid(call.params[0]);
  if (!id) {
    return Status::NotFound("receipt-not-found", "\"" + call.params[0] + "\" is not a receipt id");
  }
  return *id;
}

}  // namespace inlet::http
