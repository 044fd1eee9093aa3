// The export route (SPEC §11): GET /api/v1/entities/export?type=&format=ndjson|csv
// streams every live golden record (of one type) with chunked transfer, a page at a time:
// the answer's BodyStream reads the next page on the export queue only once the last one
// is written, so an export of any size holds one page, and a slow client slows it down.
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "http/api_routes.h"
#include "http/csv.h"
#include "http/entity_json.h"
#include "http/json_support.h"
#include "inlet/common/catch_all.h"
#include "inlet/http/errors.h"
#include "inlet/processing/golden_document.h"
#include "inlet/usecase/change_feed.h"
#include "inlet/usecase/golden_export.h"

namespace inlet::http {
namespace {

// Exports read on threads of their own: an export of millions of records must not take
// the management queue's threads for minutes.
constexpr int kExportThreads = 2;
// CSV property columns, each one a key a golden record of the type has: the keys are
// held while the export runs.
constexpr size_t kMaxCsvColumns = 10000;

enum class Format { kNdjson, kCsv };

struct ExportRoute {
  ExportRoute(store::Store& store, int max_exports)
      : store(store), golden(store, store, store), max_exports(max_exports) {}
  store::Store& store;
  usecase::GoldenRecords golden;
  const int max_exports;
  std::atomic<int> running{0};
  WorkQueue queue{kExportThreads};
};

// One export's place among those running; released with its stream.
class ExportSlot {
 public:
  static std::unique_ptr<ExportSlot> Take(std::shared_ptr<ExportRoute> route) {
    if (route->running.fetch_add(1) >= route->max_exports) {
      route->running.fetch_sub(1);
      return nullptr;
    }
    return std::unique_ptr<ExportSlot>(new ExportSlot(std::move(route)));
  }
  ~ExportSlot() { route_->running.fetch_sub(1); }

 private:
  explicit ExportSlot(std::shared_ptr<ExportRoute> route) : route_(std::move(route)) {}
  std::shared_ptr<ExportRoute> route_;
};

class ExportStream final : public BodyStream, public std::enable_shared_from_this<ExportStream> {
 public:
  ExportStream(std::shared_ptr<ExportRoute> route, std::unique_ptr<ExportSlot> slot,
               usecase::GoldenExport golden_export, Format format, std::vector<std::string> columns,
               std::string request_id)
      : route_(std::move(route)),
        slot_(std::move(slot)),
        export_(std::move(golden_export)),
        format_(format),
        columns_(std::move(columns)),
        request_id_(std::move(request_id)) {}

  void Next(Deliver deliver) override {
    route_->queue.Post([self = shared_from_this(), deliver = std::move(deliver)] {
      Piece piece;
      Status read = CatchAll("export page", [&]() -> Status {
        INLET_ASSIGN_OR_RETURN(piece, self->NextPiece());
        return Status::Ok();
      });
      if (!read.ok()) {
        spdlog::error("request {}: export failed: {}", self->request_id_, read.message());
        piece = Piece{"", false, true};
      }
      deliver(std::move(piece));
    });
  }

 private:
  Result<Piece> NextPiece() {
    Piece piece;
    if (format_ == Format::kCsv && !header_written_) {
      std::vector<std::string_view> header = {"id", "entityType", "name", "codes"};
      for (const auto& column : columns_) header.push_back(column);
      AppendCsvRow(piece.data, header);
      header_written_ = true;
    }
    INLET_ASSIGN_OR_RETURN(auto page, export_.NextPage());
    piece.end = page.empty();
    for (const auto& golden : page) {
      if (format_ == Format::kNdjson) {
        INLET_ASSIGN_OR_RETURN(auto entity, EntityJson(route_->golden, golden));
        piece.data += DumpJson(entity);
        piece.data.push_back('\n');
      } else {
        AppendRow(piece.data, golden);
      }
    }
    return piece;
  }

  void AppendRow(std::string& out, const store::GoldenRecord& golden) const {
    std::string codes;
    for (const auto& code : golden.codes) {
      if (!codes.empty()) codes.push_back(';');
      codes += code;
    }
    const auto values = processing::PropertyValuesOf(golden.document);
    std::vector<std::string_view> row = {golden.id, golden.entity_type, golden.name, codes};
    for (const auto& column : columns_) {
      auto found = values.find(column);
      row.push_back(found == values.end() ? std::string_view() : std::string_view(found->second));
    }
    AppendCsvRow(out, row);
  }

  std::shared_ptr<ExportRoute> route_;
  std::unique_ptr<ExportSlot> slot_;
  usecase::GoldenExport export_;
  const Format format_;
  const std::vector<std::string> columns_;
  const std::string request_id_;
  bool header_written_ = false;
};

Result<Format> ReadFormat(const RequestHead& head) {
  auto format = head.QueryParam("format");
  if (!format || format->empty() || *format == "ndjson") return Format::kNdjson;
  if (*format == "csv") return Format::kCsv;
  return Status::InvalidArgument("invalid-request", "\"format\" must be one of ndjson, csv");
}

// Decides the answer's status before any of the body: the format, a place among the
// exports running, and for CSV the columns (a pass over the documents).
Response StartExport(const std::shared_ptr<ExportRoute>& route, const Call& call) {
  const RequestHead& head = call.request.head;
  auto format = ReadFormat(head);
  if (!format.ok()) return ErrorResponse(format.status());
  auto slot = ExportSlot::Take(route);
  if (!slot) {
    return ErrorResponse(Status::Unavailable(
        "too-many-exports", std::to_string(route->max_exports) +
                                " exports are running (limits.exports); retry when one ends"));
  }
  std::optional<std::string> type = head.QueryParam("type");
  if (type && type->empty()) type.reset();
  usecase::GoldenExport golden_export(route->store, type);
  auto position = golden_export.ChangeFeedPosition();
  if (!position.ok()) return ErrorResponse(position.status());
  std::vector<std::string> columns;
  if (*format == Format::kCsv) {
    auto keys = golden_export.PropertyKeys(kMaxCsvColumns);
    if (!keys.ok()) return ErrorResponse(keys.status());
    columns = std::move(*keys);
  }
  Response response;
  response.content_type =
      *format == Format::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson";
  // Where a consumer of the change feed goes on from once it has loaded the export.
  response.headers.Set("X-Change-Cursor", usecase::ChangeCursor(*position));
  response.stream = std::make_shared<ExportStream>(route, std::move(slot), std::move(golden_export),
                                                   *format, std::move(columns), head.request_id);
  return response;
}

}  // namespace

std::vector<RouteDef> ExportRoutes(ApiContext& context) {
  auto route = std::make_shared<ExportRoute>(context.store, context.config.limits.exports);
  return {
      {.method = "GET",
       .pattern = "/api/v1/entities/export",
       .access = Access::kRead,
       .handle_async =
           [route](std::shared_ptr<Call> call, Responder respond) {
             route->queue.Post([route, call = std::move(call), respond = std::move(respond)] {
               respond(StartExport(route, *call));
             });
           },
       .drain = [route] { route->queue.Drain(); }},
  };
}

}  // namespace inlet::http
