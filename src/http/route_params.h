// Reading path placeholders that name resources (private to http/).
#pragma once

#include <string>

#include "http/api_routes.h"
#include "inlet/common/status.h"

namespace inlet::http {

// The first placeholder as a normalized endpoint id; kNotFound "endpoint-not-found" when
// it is not a UUID.
Result<std::string> EndpointIdParam(const Call& call);

// The first placeholder as a normalized receipt id; kNotFound "receipt-not-found" when it
// is not a UUID.
Result<std::string> ReceiptIdParam(const Call& call);

}  // namespace inlet::http
