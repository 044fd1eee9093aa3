#include "support/ingest_client.h"

#include <regex>
#include <set>
#include <stdexcept>
#include <utility>

#include "support/management.h"

namespace inlet::testing {
namespace {

// A small scanner over JSON text that finds where values start and end without
// interpreting them, so numbers are never converted.
class Scanner {
 public:
  explicit Scanner(const std::string& text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  void Expect(char c) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) {
      throw std::runtime_error(std::string("expected '") + c + "' at byte " + std::to_string(pos_) +
                               " of " + text_);
    }
    ++pos_;
  }
  // True (and consumed) when the next non-space character is `c`.
  bool Take(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A member name; escapes are kept as written (the names read here have none).
  std::string Key() {
    SkipSpace();
    size_t start = pos_;
    SkipString();
    return text_.substr(start + 1, pos_ - start - 2);
  }
  // The raw text of the next value.
  std::string Value() {
    SkipSpace();
    size_t start = pos_;
    SkipValue();
    return text_.substr(start, pos_ - start);
  }

 private:
  void SkipString() {
    if (pos_ >= text_.size() || text_[pos_] != '"') throw std::runtime_error("expected a string");
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\\') {
        ++pos_;
      } else if (text_[pos_] == '"') {
        ++pos_;
        return;
      }
    }
    throw std::runtime_error("unterminated string");
  }
  void SkipValue() {
    if (pos_ >= text_.size()) throw std::runtime_error("expected a value");
    char c = text_[pos_];
    if (c == '"') return SkipString();
    if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < text_.size()) {
        char d = text_[pos_];
        if (d == '"') {
          SkipString();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') --depth;
        ++pos_;
        if (depth == 0) return;
      }
      throw std::runtime_error("unterminated container");
    }
    while (pos_ < text_.size() &&
           std::string_view(",}] \t\r\n").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
};

bool IsUuid(const nlohmann::json& value) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return value.is_string() && std::regex_match(value.get<std::string>(), kUuid);
}

}  // namespace

HttpResponse UploadAs(const ServerProcess& server, const std::string& token,
                      const std::string& endpoint_id, const std::string& body,
                      const HeaderList& headers, const std::string& query) {
  HttpConnection connection(server.port());
  HeaderList all = headers;
  if (!token.empty()) all.emplace_back("Authorization", "Bearer " + token);
  return connection.Send("POST", UploadPath(endpoint_id) + query, body, all);
}

HttpResponse Upload(const ServerProcess& server, const std::string& endpoint_id,
                    const std::string& body, const HeaderList& headers, const std::string& query) {
  return UploadAs(server, server.admin_token(), endpoint_id, body, headers, query);
}

std::vector<std::string> RawDataOfItems(const std::string& page_body) {
  std::vector<std::string> out;
  Scanner scan(page_body);
  scan.Expect('{');
  if (scan.Take('}')) return out;
  do {
    std::string key = scan.Key();
    scan.Expect(':');
    if (key != "items") {
      scan.Value();
      continue;
    }
    scan.Expect('[');
    if (scan.Take(']')) continue;
    do {
      scan.Expect('{');
      if (scan.Take('}')) continue;
      do {
        std::string member = scan.Key();
        scan.Expect(':');
        std::string value = scan.Value();
        if (member == "data") out.push_back(std::move(value));
      } while (scan.Take(','));
      scan.Expect('}');
    } while (scan.Take(','));
    scan.Expect(']');
  } while (scan.Take(','));
  scan.Expect('}');
  return out;
}

std::vector<PreviewRecord> AllRecords(const ServerProcess& server, const std::string& endpoint_id,
                                      const std::string& filter) {
  std::vector<PreviewRecord> records;
  std::set<std::string> cursors;
  std::string after;
  for (;;) {
    std::string target = "/api/v1/endpoints/" + endpoint_id + "/records?limit=1000";
    if (!filter.empty()) target += "&" + filter;
    if (!after.empty()) target += "&after=" + after;
    HttpResponse page = server.Request("GET", target);
    if (page.status != 200) {
      ADD_FAILURE() << "GET " << target << " answered " << page.status << ": " << page.body;
      return records;
    }
    nlohmann::json json = page.Json();
    std::vector<std::string> raw = RawDataOfItems(page.body);
    if (raw.size() != json["items"].size()) {
      ADD_FAILURE() << "an item without data: " << page.body;
      return records;
    }
    for (size_t i = 0; i < raw.size(); ++i)
      records.push_back({std::move(json["items"][i]), std::move(raw[i])});
    if (json["next"].is_null()) return records;
    after = json["next"].get<std::string>();
    if (!cursors.insert(after).second) {
      ADD_FAILURE() << "the cursor " << after << " came twice";
      return records;
    }
  }
}

nlohmann::json GetJson(const ServerProcess& server, const std::string& target) {
  HttpResponse response = server.Request("GET", target);
  EXPECT_EQ(response.status, 200) << "GET " << target << ": " << response.body;
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << "GET " << target << ": " << response.body;
  return json;
}

std::vector<nlohmann::json> AllReceipts(const ServerProcess& server,
                                        const std::string& endpoint_id) {
  std::vector<nlohmann::json> receipts;
  std::string after;
  for (int pages = 0; pages < 10000; ++pages) {
    std::string target = "/api/v1/endpoints/" + endpoint_id + "/receipts?limit=1000";
    if (!after.empty()) target += "&after=" + after;
    nlohmann::json page = GetJson(server, target);
    if (!page.contains("items")) return receipts;
    for (const auto& item : page["items"]) receipts.push_back(item);
    if (!page["next"].is_string()) return receipts;
    after = page["next"].get<std::string>();
  }
  return receipts;
}

::testing::AssertionResult IsEnvelope(const HttpResponse& response, int status) {
  auto failure = [&](const std::string& what) {
    return ::testing::AssertionFailure() << what << " (expected status " << status << "; got "
                                         << response.status << ", body: " << response.body << ")";
  };
  if (response.status != status) return failure("wrong status");
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) return failure("the body is not a JSON object");
  for (const char* member : {"success", "warning", "error"}) {
    if (!body.contains(member) || !body[member].is_boolean()) {
      return failure(std::string("\"") + member + "\" is missing or not a boolean");
    }
  }
  for (const char* member : {"warnings", "errors"}) {
    if (!body.contains(member) || !body[member].is_array()) {
      return failure(std::string("\"") + member + "\" is missing or not an array");
    }
  }
  for (const char* member :
       {"received", "accepted", "rejected", "warningsOmitted", "errorsOmitted"}) {
    if (!body.contains(member) || !body[member].is_number_integer() || body[member] < 0) {
      return failure(std::string("\"") + member + "\" is missing or not a count");
    }
  }
  if (!body.contains("receiptId")) return failure("\"receiptId\" is missing");
  const nlohmann::json& receipt = body["receiptId"];
  if (!receipt.is_null() && !IsUuid(receipt)) return failure("\"receiptId\" is not a UUID");
  const std::string header = response.Header("x-receipt-id");
  if (receipt.is_null() ? !header.empty() : header != receipt.get<std::string>()) {
    return failure("X-Receipt-Id \"" + header + "\" differs from receiptId");
  }

  const int64_t received = body["received"], accepted = body["accepted"],
                rejected = body["rejected"];
  if (accepted + rejected > received) return failure("accepted + rejected > received");
  const bool warning = !body["warnings"].empty() || body["warningsOmitted"].get<int64_t>() > 0;
  const bool error = !body["errors"].empty() || body["errorsOmitted"].get<int64_t>() > 0;
  if (body["warning"] != warning) return failure("\"warning\" disagrees with the warnings");
  if (body["error"] != error) return failure("\"error\" disagrees with the errors");
  const bool success = body["success"];
  if (success != (status == 200)) return failure("\"success\" disagrees with the status");
  if (success && accepted == 0 && received != 0) {
    return failure("success without an accepted record or an empty batch");
  }
  if (!success && accepted != 0) return failure("accepted records in a failed answer");
  if (!success && !error) return failure("a failed answer without an error");

  for (const char* list : {"warnings", "errors"}) {
    const std::string level = std::string(list) == "errors" ? "error" : "warning";
    for (const auto& issue : body[list]) {
      if (!issue.is_object()) return failure("an issue is not an object");
      if (!issue.contains("dataSetId") ||
          !(issue["dataSetId"].is_null() || IsUuid(issue["dataSetId"]))) {
        return failure("an issue's \"dataSetId\" is missing or not a UUID");
      }
      if (issue.value("receiptId", nlohmann::json()) != receipt) {
        return failure("an issue's \"receiptId\" differs from the envelope's");
      }
      if (!issue.contains("messageId") || !issue["messageId"].is_string() ||
          issue["messageId"].get<std::string>().empty()) {
        return failure("an issue without a messageId");
      }
      if (!issue.contains("errorMessage") || !issue["errorMessage"].is_string() ||
          issue["errorMessage"].get<std::string>().empty()) {
        return failure("an issue without an errorMessage");
      }
      if (issue.value("exception", nlohmann::json()) != issue["errorMessage"]) {
        return failure("an issue's \"exception\" differs from its errorMessage");
      }
      if (issue.value("level", "") != level) return failure("an issue in the wrong list");
      static const std::set<std::string> kDomains = {"request", "parsing", "storing", "mapping",
                                                     "processing"};
      if (!issue.contains("domain") || !issue["domain"].is_string() ||
          !kDomains.count(issue["domain"].get<std::string>())) {
        return failure("an issue's \"domain\" is not one of SPEC §2.2");
      }
      if (!issue.contains("rowIndex") || !issue["rowIndex"].is_number_integer() ||
          issue["rowIndex"] < -1) {
        return failure("an issue's \"rowIndex\" is not a number >= -1");
      }
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> MessageIds(const nlohmann::json& envelope, const std::string& list) {
  std::vector<std::string> ids;
  for (const auto& issue : envelope.value(list, nlohmann::json::array())) {
    ids.push_back(issue.value("messageId", ""));
  }
  return ids;
}

std::optional<nlohmann::json> FindIssue(const nlohmann::json& envelope, const std::string& list,
                                        const std::string& message_id) {
  for (const auto& issue : envelope.value(list, nlohmann::json::array())) {
    if (issue.value("messageId", "") == message_id) return issue;
  }
  return std::nullopt;
}

}  // namespace inlet::testing
