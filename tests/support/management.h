// Helpers for end-to-end tests that talk to the management API: create tokens and
// endpoints in one line, and check the error envelope every refusal must carry
// (SPEC §2.2, §3). They speak plain HTTP through ServerProcess, like a client would.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/server_process.h"

namespace inlet::testing {

struct CreatedToken {
  std::string id;
  std::string secret;
};

// POST /api/v1/tokens as the admin; throws (with the answer) unless it answers 201.
CreatedToken CreateToken(const ServerProcess& server, const std::vector<std::string>& scopes,
                         const std::vector<std::string>& endpoints = {},
                         const std::string& name = "test token");

// POST /api/v1/endpoints as the admin with a new-mapping choice for `/Customer`; returns
// the created endpoint. Throws (with the answer) unless it answers 201.
nlohmann::json CreateEndpoint(const ServerProcess& server, const std::string& name,
                              const std::string& source = "CRM", const std::string& group = "Sales",
                              const std::string& mode = "manual");

// "/upload/api/endpoint/<id>": the ingestion route of an endpoint.
std::string UploadPath(const std::string& endpoint_id);

// True when `response` is `status` with the management/ingestion error envelope
// {"success":false,"error":true,"errors":[Issue]} whose first issue has `message_id`, a
// non-empty errorMessage equal to exception, level "error", domain "request" and
// rowIndex -1. The failure message quotes the answer, so a mismatch is easy to read.
::testing::AssertionResult IsError(const HttpResponse& response, int status,
                                   const std::string& message_id);

// True when the ingestion route let the request through every check before the body
// (token, endpoint, scope; SPEC §2.1). Storing is not implemented yet and answers 501
// "not-implemented"; once it is, the tests' body "[]" is an empty batch answered 200.
::testing::AssertionResult PassedAdmission(const HttpResponse& response);

}  // namespace inlet::testing
