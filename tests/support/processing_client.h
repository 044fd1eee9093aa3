// Helpers for end-to-end tests of mapping and processing (SPEC §4, §5): set a mapping,
// run a job to its end, read golden records. Everything goes through HTTP as the admin.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/server_process.h"

namespace inlet::testing {

// PUT …/mapping; throws (with the answer) unless it answers 200.
void SetMapping(const ServerProcess& server, const std::string& endpoint_id,
                const nlohmann::json& mapping);

// A /Customer mapping keyed by `id_field`, with `email_field` as an identifier of origin
// "email" (so sources meet on it), `name` as name and `modified` as modified date.
nlohmann::json CustomerMapping(const std::string& origin,
                               const std::string& id_field = "customerId",
                               const std::string& email_field = "email");

// GET /api/v1/jobs/{id} until it reads done or failed (throws after 60 s); returns it.
nlohmann::json WaitForJob(const ServerProcess& server, const std::string& job_id);

// POST …/process (throws unless 202), then WaitForJob.
nlohmann::json ProcessAndWait(const ServerProcess& server, const std::string& endpoint_id);

// POST …/remove-records with `body` (throws unless 202), then WaitForJob.
nlohmann::json RemoveAndWait(const ServerProcess& server, const std::string& endpoint_id,
                             const std::string& body = "");

// Two /Customer endpoints whose customers meet on their email: CRM (customerId, email)
// and ERP (accountNo, mail, and mail2 as a second email, so one ERP record can join two
// CRM golden records into one).
struct TwoSources {
  std::string crm, erp;
};
TwoSources CreateTwoSources(const ServerProcess& server);

// Every golden record GET /api/v1/entities answers for `query` (e.g. "type=/Customer"),
// following `next`.
std::vector<nlohmann::json> Entities(const ServerProcess& server, const std::string& query = "");

// The one golden record holding `code`; throws when none or several do.
nlohmann::json EntityByCode(const ServerProcess& server, const std::string& code);

// Percent-encodes a query value ('#' in codes, '/' and ':' kept).
std::string QueryValue(const std::string& text);

}  // namespace inlet::testing
