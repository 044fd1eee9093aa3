// Helpers for end-to-end tests of the ingestion call (SPEC §2) and of what it leaves
// behind (§3: preview, receipts). Uploads go through HttpConnection with exactly the
// headers a test names (no Content-Type is added behind its back), and preview records
// are read with their `data` as the raw bytes the server sent, so a test can check that
// `1.50` stays `1.50` (a JSON library would turn it into 1.5).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace inlet::testing {

// POST `body` to the endpoint's ingestion route as `token` ("" for none) with exactly
// `headers` (plus Host, Content-Length and Authorization). `query` is appended to the
// path as is, e.g. "?dryRun=true".
HttpResponse UploadAs(const ServerProcess& server, const std::string& token,
                      const std::string& endpoint_id, const std::string& body,
                      const HeaderList& headers, const std::string& query = "");
// The same as the admin.
HttpResponse Upload(const ServerProcess& server, const std::string& endpoint_id,
                    const std::string& body,
                    const HeaderList& headers = {{"Content-Type", "application/json"}},
                    const std::string& query = "");

// One preview item: its members (data included, parsed) and `data` as sent, byte for byte.
struct PreviewRecord {
  nlohmann::json item;
  std::string raw_data;
};

// Every preview record of the endpoint, newest first, following `next` with
// limit=1000; `filter` is extra query text such as "receipt=<id>". Fails the test (and
// returns what it has) when a page is not 200 or a cursor repeats.
std::vector<PreviewRecord> AllRecords(const ServerProcess& server, const std::string& endpoint_id,
                                      const std::string& filter = "");
// The raw `data` bytes of every item of one preview page body, in order.
std::vector<std::string> RawDataOfItems(const std::string& page_body);

// GET `target` as the admin; fails the test unless it answers 200 with JSON.
nlohmann::json GetJson(const ServerProcess& server, const std::string& target);

// Every receipt of the endpoint (GET /api/v1/endpoints/{id}/receipts, all pages).
std::vector<nlohmann::json> AllReceipts(const ServerProcess& server,
                                        const std::string& endpoint_id);

// True when `response` has `status` and the ingestion envelope of SPEC §2.2: every
// member with its type; success/warning/error consistent with the counts, lists and
// omitted counts; every issue complete and carrying the envelope's receiptId; and the
// X-Receipt-Id header equal to receiptId (absent when there is no receipt).
::testing::AssertionResult IsEnvelope(const HttpResponse& response, int status);

// Message ids of an envelope list ("errors" or "warnings"), in order.
std::vector<std::string> MessageIds(const nlohmann::json& envelope, const std::string& list);

// The first issue of `list` with `message_id`, or nullopt.
std::optional<nlohmann::json> FindIssue(const nlohmann::json& envelope, const std::string& list,
                                        const std::string& message_id);

}  // namespace inlet::testing
