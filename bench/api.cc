#include "api.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "checks.h"
#include "inlet/common/json_fields.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json ParseOrThrow(const Response& response, const std::string& what) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded()) {
    throw std::runtime_error(what + ": answer " + std::to_string(response.status) +
                             " is not JSON: " + response.body.substr(0, 300));
  }
  return json;
}

void ExpectStatus(const Response& response, int status, const std::string& what) {
  if (response.status != status) {
    throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " +
                             std::to_string(response.status) + " " + response.body.substr(0, 300));
  }
}

Job ReadJob(const nlohmann::json& json) {
  Job job;
  job.id = json.value("id", "");
  job.state = json.value("state", "");
  job.total = json.value("total", int64_t{-1});
  job.done = json.value("done", int64_t{-1});
  job.created = json.value("created", int64_t{-1});
  job.merged = json.value("merged", int64_t{-1});
  job.unchanged = json.value("unchanged", int64_t{-1});
  job.failed = json.value("failed", int64_t{-1});
  return job;
}

// `"member":` followed by `tail`. (Built by appending: GCC 12 warns falsely on
// "literal" + std::string here.)
std::string Key(std::string_view member, std::string_view tail = "") {
  std::string key;
  key.reserve(member.size() + tail.size() + 3);
  key += '"';
  key += member;
  key += "\":";
  key += tail;
  return key;
}

}  // namespace

std::string_view RawObjectAfter(std::string_view json, std::string_view member, size_t& from) {
  const std::string key = Key(member);
  size_t at = json.find(key, from);
  if (at == std::string_view::npos) return {};
  size_t start = at + key.size();
  if (start >= json.size() || json[start] != '{') return {};
  const size_t end = JsonValueEnd(json, start);
  if (end == std::string_view::npos) return {};
  from = end;
  return json.substr(start, end - start);
}

int64_t IntMember(std::string_view json, std::string_view member) {
  const std::string key = Key(member);
  size_t at = json.find(key);
  if (at == std::string_view::npos) return -1;
  int64_t value = 0;
  size_t i = at + key.size();
  if (i >= json.size() || json[i] < '0' || json[i] > '9') return -1;
  for (; i < json.size() && json[i] >= '0' && json[i] <= '9'; ++i)
    value = value * 10 + (json[i] - '0');
  return value;
}

std::string StringMember(std::string_view json, std::string_view member) {
  const std::string key = Key(member, "\"");
  size_t at = json.find(key);
  if (at == std::string_view::npos) return "";
  size_t start = at + key.size();
  size_t end = json.find('"', start);
  return end == std::string_view::npos ? "" : std::string(json.substr(start, end - start));
}

Response Api::GetStreamed(const std::string& target, const Connection::BodySink& sink) {
  std::lock_guard lock(mutex_);
  // Its own connection: a body cut short must not leave the shared one mid-answer.
  Connection connection(peer_);
  Response response = connection.RoundTripStreamed(
      FormatRequest("GET", target, {{"Authorization", "Bearer " + token_}}, ""), sink);
  if (response.status == 0) throw std::runtime_error("GET " + target + ": no answer");
  return response;
}

Response Api::Call(const std::string& method, const std::string& target, const std::string& body) {
  std::lock_guard lock(mutex_);
  Headers headers = {{"Authorization", "Bearer " + token_}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  Response response = connection_.RoundTrip(FormatRequest(method, target, headers, body));
  if (response.status == 0) {
    // One retry on a fresh connection: the previous answer may have closed this one.
    response = connection_.RoundTrip(FormatRequest(method, target, headers, body));
  }
  if (response.status == 0) {
    const std::string tls_failure = peer_.tls != nullptr ? peer_.tls->FirstFailure() : "";
    throw std::runtime_error(method + " " + target + ": no answer" +
                             (tls_failure.empty() ? "" : " (TLS handshake: " + tls_failure + ")"));
  }
  return response;
}

std::string Api::CreateIngestToken() {
  Response response = Call("POST", "/api/v1/tokens", R"({"name":"bench","scopes":["ingest"]})");
  ExpectStatus(response, 201, "create token");
  return ParseOrThrow(response, "create token").value("token", "");
}

std::string Api::CreateEndpoint(const std::string& name) {
  nlohmann::json request = {{"name", name},
                            {"source", "bench"},
                            {"group", "Benchmark"},
                            {"mapping", {{"entityType", "/Customer"}}},
                            {"mode", "manual"}};
  Response response = Call("POST", "/api/v1/endpoints", request.dump());
  ExpectStatus(response, 201, "create endpoint " + name);
  auto json = ParseOrThrow(response, "create endpoint");
  std::string id = json.value("id", "");
  std::string post_url = json.value("postUrl", "");
  const std::string path = "/upload/api/endpoint/" + id;
  if (id.empty() || post_url.size() < path.size() ||
      post_url.compare(post_url.size() - path.size(), path.size(), path) != 0) {
    throw std::runtime_error("create endpoint: unexpected id/postUrl in " + response.body);
  }
  return id;
}

int64_t Api::RecordCount(const std::string& endpoint_id) {
  Response response = Call("GET", "/api/v1/endpoints/" + endpoint_id);
  ExpectStatus(response, 200, "get endpoint");
  return ParseOrThrow(response, "get endpoint").value("recordCount", int64_t{-1});
}

int64_t Api::IndexLag(const std::string& endpoint_id) {
  Response response = Call("GET", "/api/v1/endpoints/" + endpoint_id + "/records?limit=1");
  ExpectStatus(response, 200, "list records");
  return ParseOrThrow(response, "list records").value("indexLag", int64_t{-1});
}

int64_t Api::CompareReceipt(const std::string& scenario, const std::string& endpoint_id,
                            const std::string& receipt_id, const RecordRange& range) {
  Response response =
      Call("GET", "/api/v1/endpoints/" + endpoint_id + "/records?limit=1000&receipt=" + receipt_id);
  if (!Expect(response.status == 200, scenario,
              "records of receipt " + receipt_id + ": status " + std::to_string(response.status))) {
    return 0;
  }
  auto page = ParseOrThrow(response, "list records");
  const size_t items = page["items"].size();
  const size_t expected = static_cast<size_t>(std::min<int64_t>(range.count, 1000));
  Expect(items == expected, scenario,
         "receipt " + receipt_id + " lists " + std::to_string(items) + " records, expected " +
             std::to_string(expected));
  // Items are spliced text ({…,"rowIndex":N,"data":{…}}): walking them in order pairs each
  // rowIndex with the data that follows it.
  std::string_view body = response.body;
  size_t from = 0;
  int64_t compared = 0;
  for (size_t i = 0; i < items; ++i) {
    size_t at = body.find("\"rowIndex\":", from);
    if (at == std::string_view::npos) break;
    const int64_t row = IntMember(body.substr(at), "rowIndex");
    from = at;
    std::string_view stored = RawObjectAfter(body, "data", from);
    if (!Expect(row >= 0 && row < range.count, scenario,
                "receipt " + receipt_id + " holds rowIndex " + std::to_string(row))) {
      continue;
    }
    const std::string sent = Record(range, row);
    Expect(stored == sent, scenario,
           "record " + std::to_string(row) + " of receipt " + receipt_id + " differs:\n  sent   " +
               sent + "\n  stored " + std::string(stored));
    ++compared;
  }
  return compared;
}

int Api::PutMapping(const std::string& endpoint_id, const std::string& mapping_json) {
  return Call("PUT", "/api/v1/endpoints/" + endpoint_id + "/mapping", mapping_json).status;
}

std::optional<std::string> Api::StartJob(const std::string& scenario,
                                         const std::string& endpoint_id) {
  Response response = Call("POST", "/api/v1/endpoints/" + endpoint_id + "/process", "{}");
  if (response.status == 404) return std::nullopt;
  if (!Expect(response.status == 202, scenario,
              "process: expected 202, got " + std::to_string(response.status) + " " +
                  response.body.substr(0, 300))) {
    return std::string();
  }
  return ParseOrThrow(response, "process").value("id", "");
}

Job Api::GetJob(const std::string& job_id) {
  Response response = Call("GET", "/api/v1/jobs/" + job_id);
  ExpectStatus(response, 200, "get job");
  return ReadJob(ParseOrThrow(response, "get job"));
}

std::optional<Job> Api::RunJob(const std::string& scenario, const std::string& endpoint_id,
                               double* seconds) {
  const auto start = Clock::now();
  std::optional<std::string> id = StartJob(scenario, endpoint_id);
  if (!id) return std::nullopt;
  if (id->empty()) return Job{};
  // Polled often: the poll interval bounds how precisely the job's duration is known.
  const auto deadline = start + std::chrono::minutes(15);
  Job job;
  for (;;) {
    job = GetJob(*id);
    if (job.state == "done" || job.state == "failed") break;
    if (Clock::now() > deadline) {
      Fail(scenario, "job " + *id + " still " + job.state + " after 15 minutes");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  *seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return job;
}

}  // namespace inlet::bench
