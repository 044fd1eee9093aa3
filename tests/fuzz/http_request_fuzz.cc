// Any bytes as what a client sends on one connection: Beast's request parser configured as
// the session configures it (header limit, body limit, chunked framing, requests back to
// back on a kept-alive connection), then MakeHead, the router over the real route table,
// and the query parameters the routes read. Nothing may crash or leak, and what is held
// stays within the header and body limits.
#include <unistd.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "http/api_routes.h"
#include "http/request_head.h"
#include "inlet/auth/authenticator.h"
#include "inlet/http/router.h"
#include "inlet/store/search_index.h"
#include "inlet/store/sqlite_store.h"

namespace {

namespace bhttp = boost::beast::http;
using inlet::http::Router;

void Require(bool holds) {
  if (!holds) std::abort();
}

// What the server is configured with by default (config.h).
const inlet::config::Config kConfig;
// Bodies are refused past this many bytes here; the server's routes allow more, but
// their limit is a number the parser compares with, like this one.
constexpr uint64_t kBodyLimit = 64 * 1024;
// The query parameters routes read (QueryParam and Choice in src/http/).
constexpr const char* kQueryNames[] = {"after", "apply", "code",    "dryRun", "force", "level",
                                       "limit", "q",     "receipt", "stage",  "type"};

struct RouteTable {
  Router router;
  std::vector<size_t> placeholders;  // per route, in Add order
};

// The route table of the API handler, as api_handler.cc builds it. The route functions
// want a context; one over a store in a temporary directory serves, and is gone (with
// the directory) once the patterns are copied.
RouteTable BuildRouteTable() {
  std::string dir = std::filesystem::temp_directory_path() / "inlet-fuzz-XXXXXX";
  Require(mkdtemp(dir.data()) != nullptr);
  RouteTable table;
  {
    inlet::store::SqliteOptions options;
    options.data_dir = dir + "/data";
    auto store = inlet::store::OpenSqliteStore(options);
    Require(store.ok());
    inlet::auth::Authenticator authenticator(**store);
    inlet::MetricsRegistry metrics;
    inlet::usecase::FieldProfiles profiles(**store);
    auto search = inlet::store::SearchIndex::Open(options.data_dir, **store);
    Require(search.ok());
    inlet::processing::Processor processor(**store, {});
    inlet::http::ApiContext context{**store,  authenticator, metrics,   kConfig,
                                    profiles, **search,      processor, "http://127.0.0.1:1",
                                    "fuzz"};
    for (auto routes : {inlet::http::OperationsRoutes(context), inlet::http::TokenRoutes(context),
                        inlet::http::CatalogRoutes(context), inlet::http::ViewRoutes(context),
                        inlet::http::MappingRoutes(context), inlet::http::ProcessingRoutes(context),
                        inlet::http::IngestRoutes(context)}) {
      for (const auto& route : routes) {
        table.router.Add(route.method, route.pattern);
        size_t placeholders = 0;
        for (char c : route.pattern) placeholders += c == '{';
        table.placeholders.push_back(placeholders);
      }
    }
  }
  std::filesystem::remove_all(dir);
  return table;
}

const RouteTable& Routes() {
  static const RouteTable table = BuildRouteTable();
  return table;
}

// Hands `parser` what has arrived, `step` more bytes at a time as read_some would bring
// them, until its header (`header_only`) or its whole message is parsed. False when the
// input ends first or the parser fails.
template <class Parser>
bool Feed(Parser& parser, bool header_only, boost::beast::flat_buffer& buffer,
          std::string_view& input, size_t step) {
  auto finished = [&] { return header_only ? parser.is_header_done() : parser.is_done(); };
  while (!finished()) {
    if (input.empty() && buffer.size() == 0) return false;
    const size_t take = std::min(step, input.size());
    auto room = buffer.prepare(take);
    std::memcpy(room.data(), input.data(), take);
    buffer.commit(take);
    input.remove_prefix(take);
    boost::beast::error_code ec;
    buffer.consume(parser.put(buffer.data(), ec));
    if (ec == bhttp::error::need_more) {
      if (input.empty()) return false;  // the client stopped sending
      continue;
    }
    if (ec) return false;
  }
  return true;
}

void CheckHead(const inlet::http::RequestHead& head) {
  const RouteTable& routes = Routes();
  Require(!head.method.empty());
  Require(!head.request_id.empty() && head.request_id.size() <= 128);
  Require(head.path.size() <= head.target.size());
  Router::Match match = routes.router.Find(head.method, head.path);
  switch (match.outcome) {
    case Router::Outcome::kFound:
      Require(match.params.size() == routes.placeholders[match.route]);
      for (const auto& param : match.params) Require(!param.empty());
      Require(!routes.router.Label(match.route).empty());
      break;
    case Router::Outcome::kMethodNotAllowed:
      Require(!match.allowed.empty());
      break;
    case Router::Outcome::kNoSuchPath:
      Require(match.params.empty());
      break;
  }
  for (const char* name : kQueryNames) {
    auto value = head.QueryParam(name);
    if (value) Require(value->size() <= head.query.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte is how many bytes each read brings (1 to 256), so one corpus covers
  // requests that arrive whole and a byte at a time.
  const size_t step = static_cast<size_t>(data[0]) + 1;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  boost::beast::flat_buffer buffer;
  // Requests back to back on one connection, as long as each is complete and kept alive.
  for (int request = 0; request < 4; ++request) {
    bhttp::request_parser<bhttp::empty_body> header_parser;
    header_parser.header_limit(static_cast<std::uint32_t>(kConfig.server.header_limit_bytes));
    header_parser.body_limit(boost::none);
    if (!Feed(header_parser, /*header_only=*/true, buffer, input, step)) return 0;
    const inlet::http::RequestHead head = inlet::http::MakeHead(header_parser, "127.0.0.1");
    CheckHead(head);
    const bool keep_alive = header_parser.get().keep_alive();
    // The session refuses a declared length past the route's limit before it creates the
    // body parser (session.cc): Beast does not compare a length already parsed with a
    // limit set afterwards, and reserves all of it.
    if (head.content_length && *head.content_length > kBodyLimit) return 0;

    bhttp::request_parser<bhttp::string_body> body_parser(std::move(header_parser));
    body_parser.body_limit(kBodyLimit);
    const bool complete = Feed(body_parser, /*header_only=*/false, buffer, input, step);
    Require(body_parser.get().body().size() <= kBodyLimit);
    if (!complete || !keep_alive) return 0;
  }
  return 0;
}
