// The change feed route (SPEC §11): GET /api/v1/changes?after=&limit=&type=&wait=.
// A read that finds nothing may wait (long poll) without holding a thread: the
// usecase::ChangeFeed parks it until a commit appends changes or its time is up.
#include <memory>

#include "http/api_routes.h"
#include "http/entity_json.h"
#include "http/json_support.h"
#include "http/paging.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/usecase/change_feed.h"

namespace inlet::http {
namespace {

// Reads of the feed and the long polls' second reads run here, off the socket threads
// and the management queue (a wave of woken long polls must not hold up other calls).
constexpr int kReaderThreads = 2;

struct ChangeRoute {
  ChangeRoute(store::Store& store, size_t max_waiting)
      : golden(store, store, store), feed(store, readers, max_waiting) {}
  usecase::GoldenRecords golden;
  WorkQueue readers{kReaderThreads};
  usecase::ChangeFeed feed;  // after `readers`: stopped before they go
};

Result<usecase::ChangeRead> ReadRequest(const RequestHead& head, uint64_t page_bytes) {
  usecase::ChangeRead read;
  INLET_ASSIGN_OR_RETURN(read.limit, PageSize(head));
  read.max_bytes = page_bytes;
  if (auto after = head.QueryParam("after"); after && !after->empty()) {
    read.after_seq = usecase::ParseChangeCursor(*after);
    if (!read.after_seq) {
      return Status::InvalidArgument("invalid-request",
                                     "\"after\" must be a cursor from an earlier answer's "
                                     "\"next\" or an item's \"cursor\"");
    }
  }
  if (auto type = head.QueryParam("type"); type && !type->empty()) read.entity_type = *type;
  if (auto wait = head.QueryParam("wait"); wait && !wait->empty()) {
    int seconds = -1;
    if (wait->size() <= 2 && wait->find_first_not_of("0123456789") == std::string::npos) {
      seconds = std::stoi(*wait);
    }
    if (seconds < 0 || seconds > usecase::kMaxChangeWaitSeconds) {
      return Status::InvalidArgument("invalid-request",
                                     "\"wait\" must be whole seconds from 0 to " +
                                         std::to_string(usecase::kMaxChangeWaitSeconds));
    }
    read.wait_seconds = seconds;
  }
  return read;
}

Result<std::string> PageJson(usecase::GoldenRecords& golden, const store::ChangePage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& change : page.items) {
    nlohmann::json item = {{"cursor", usecase::ChangeCursor(change.seq)},
                           {"op", ToString(change.op)},
                           {"entityId", change.entity_id},
                           {"entityType", change.entity_type},
                           {"at", FormatRfc3339Millis(change.at_ms)}};
    if (change.entity) {
      INLET_ASSIGN_OR_RETURN(item["entity"], EntityJson(golden, *change.entity));
    }
    if (!change.merged_into.empty()) item["mergedInto"] = change.merged_into;
    items.push_back(std::move(item));
  }
  return DumpJson(
      nlohmann::json{{"items", std::move(items)}, {"next", usecase::ChangeCursor(page.next_seq)}});
}

void ReadChanges(const std::shared_ptr<ChangeRoute>& route, std::shared_ptr<Call> call,
                 Responder respond) {
  auto request = ReadRequest(call->request.head, call->context.config.limits.page_bytes);
  if (!request.ok()) return respond(ErrorResponse(request.status()));
  route->feed.Read(std::move(*request),
                   [route, respond = std::move(respond)](Result<store::ChangePage> page) {
                     if (!page.ok()) return respond(ErrorResponse(page.status()));
                     auto body = PageJson(route->golden, *page);
                     if (!body.ok()) return respond(ErrorResponse(body.status()));
                     respond(TextResponse(200, std::move(*body)));
                   });
}

}  // namespace

std::vector<RouteDef> ChangeRoutes(ApiContext& context) {
  auto route = std::make_shared<ChangeRoute>(
      context.store, static_cast<size_t>(context.config.limits.change_waits));
  // The store may commit after the routes are gone (a job finishing during shutdown).
  context.store.SetChangeListener([weak = std::weak_ptr<ChangeRoute>(route)] {
    if (auto live = weak.lock()) live->feed.ChangesCommitted();
  });
  return {
      {.method = "GET",
       .pattern = "/api/v1/changes",
       .access = Access::kRead,
       .handle_async =
           [route](std::shared_ptr<Call> call, Responder respond) {
             ReadChanges(route, std::move(call), std::move(respond));
           },
       .drain =
           [route] {
             route->feed.Stop();
             route->readers.Drain();
           }},
  };
}

}  // namespace inlet::http
