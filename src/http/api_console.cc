// The console (SPEC §10): the files of console/, compiled into the binary at build time
// (scripts/embed_console.py) and served under /console/ without a token. They hold no
// data: every page signs in with a token and calls the public API like any client.
// Each answer forbids what a console never needs (scripts or styles from elsewhere,
// being framed, sniffing types, referrers), and carries an ETag so that a browser
// revalidates instead of downloading again.
#include <string_view>

#include "http/api_routes.h"

namespace inlet::http {
namespace {

using namespace std::string_view_literals;

struct ConsoleFile {
  std::string_view path;  // under console/, e.g. "pages/integrations.js"
  std::string_view content_type;
  std::string_view etag;  // quoted, as the header carries it
  std::string_view body;
};

constexpr ConsoleFile kFiles[] = {
#include "console_assets.inc"
};

constexpr std::string_view kSecurityPolicy =
    "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

Response Serve(const ConsoleFile& file, const Call& call) {
  Response response;
  response.headers.Set("ETag", std::string(file.etag));
  response.headers.Set("Cache-Control", "no-cache");
  response.headers.Set("Content-Security-Policy", std::string(kSecurityPolicy));
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("Referrer-Policy", "no-referrer");
  response.content_type = std::string(file.content_type);
  if (call.request.head.headers.Get("If-None-Match") == file.etag) {
    response.status = 304;
    return response;
  }
  response.body = std::string(file.body);
  return response;
}

}  // namespace

std::vector<RouteDef> ConsoleRoutes() {
  std::vector<RouteDef> routes;
  for (const ConsoleFile& file : kFiles) {
    // index.html is the console's address, "/console/" (the router ignores the "/").
    std::string pattern =
        file.path == "index.html" ? "/console" : "/console/" + std::string(file.path);
    routes.push_back({.method = "GET",
                      .pattern = std::move(pattern),
                      .access = Access::kOpen,
                      .handle = [&file](Call& call) { return Serve(file, call); }});
  }
  return routes;
}

}  // namespace inlet::http
