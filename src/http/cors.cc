#include "http/cors.h"

#include <algorithm>

namespace inlet::http {
namespace {

// What a page may send: the token, the body's type and encoding, the retry key.
constexpr char kAllowedHeaders[] = "Authorization, Content-Type, Content-Encoding, Idempotency-Key";
// What a page may read besides the simple headers.
constexpr char kExposedHeaders[] =
    "Location, Retry-After, X-Request-Id, X-Receipt-Id, X-Change-Cursor";
// How long a browser may reuse a preflight's answer, in seconds.
constexpr char kPreflightMaxAge[] = "600";

void AllowOrigin(std::string_view origin, Response& response) {
  // The origin itself rather than "*", so the answer is right for every configuration,
  // and Vary so a cache keeps one answer per origin.
  response.headers.Set("Access-Control-Allow-Origin", std::string(origin));
  response.headers.Add("Vary", "Origin");
}

}  // namespace

bool CorsPolicy::Allows(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
    return allowed == "*" || allowed == origin;
  });
}

bool CorsPolicy::IsPreflight(const RequestHead& head) const {
  return head.method == "OPTIONS" && head.headers.Has("Access-Control-Request-Method") &&
         Allows(head.headers.Get("Origin"));
}

Response CorsPolicy::Preflight(const RequestHead& head,
                               const std::vector<std::string>& methods) const {
  Response response;
  response.status = 204;
  response.content_type.clear();
  AllowOrigin(head.headers.Get("Origin"), response);
  std::string allowed;
  for (const auto& method : methods) allowed += (allowed.empty() ? "" : ", ") + method;
  response.headers.Set("Access-Control-Allow-Methods", allowed);
  response.headers.Set("Access-Control-Allow-Headers", kAllowedHeaders);
  response.headers.Set("Access-Control-Max-Age", kPreflightMaxAge);
  return response;
}

void CorsPolicy::Decorate(std::string_view origin, Response& response) const {
  if (!Allows(origin)) return;
  AllowOrigin(origin, response);
  response.headers.Set("Access-Control-Expose-Headers", kExposedHeaders);
}

}  // namespace inlet::http
