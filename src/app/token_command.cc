// `inlet token create|list|revoke`: token management for scripts, straight on the store,
// also while a server runs on it (revocation takes effect at its next request).
#include <cstdio>
#include <iostream>

#include "app/app_parts.h"
#include "inlet/auth/token.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"

namespace inlet::app {
namespace {

int Fail(const Status& status) {
  std::cerr << "inlet: " << status.message() << "\n";
  return 1;
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

int CreateToken(const CommandLine& line, store::Store& store) {
  auto minted = auth::MintToken(
      {line.token_name, line.token_scopes, line.token_expires_in_hours, line.token_endpoints},
      NowUnixMillis());
  if (!minted.ok()) return Fail(minted.status());
  for (const auto& endpoint_id : minted->record.endpoint_ids) {
    auto endpoint = store.GetEndpoint(endpoint_id);
    if (!endpoint.ok()) return Fail(endpoint.status());
  }
  Status stored = store.InsertToken(minted->record);
  if (!stored.ok()) return Fail(stored);
  std::cerr << "token " << minted->record.id << " (" << minted->record.name
            << "): the secret below is shown only now\n";
  std::cout << minted->secret << "\n";
  return 0;
}

int ListTokens(store::Store& store) {
  auto tokens = store.ListTokens();
  if (!tokens.ok()) return Fail(tokens.status());
  int64_t now = NowUnixMillis();
  std::printf("%-36s  %-8s  %-20s  %s\n", "ID", "STATE", "SCOPES", "NAME");
  for (const auto& token : *tokens) {
    const char* state = token.revoked_at_ms                                  ? "revoked"
                        : token.expires_at_ms && *token.expires_at_ms <= now ? "expired"
                                                                             : "active";
    std::printf("%-36s  %-8s  %-20s  %s\n", token.id.c_str(), state,
                Join(token.scopes, ",").c_str(), token.name.c_str());
  }
  return 0;
}

int RevokeToken(const CommandLine& line, store::Store& store) {
  auto id = NormalizeUuid(line.token_id);
  if (!id) return Fail(Status::NotFound("token-not-found", "no token has the id " + line.token_id));
  Status revoked = store.RevokeToken(*id, NowUnixMillis());
  if (!revoked.ok()) return Fail(revoked);
  std::cout << "revoked " << *id << "\n";
  return 0;
}

}  // namespace

int RunTokenCommand(const CommandLine& line, const config::Config& config) {
  auto backend = OpenBackend(config, /*with_search=*/false);
  if (!backend.ok()) return Fail(backend.status());
  store::Store* store = backend->store.get();
  switch (line.command) {
    case CommandLine::Command::kTokenCreate:
      return CreateToken(line, *store);
    case CommandLine::Command::kTokenList:
      return ListTokens(*store);
    case CommandLine::Command::kTokenRevoke:
      return RevokeToken(line, *store);
    default:
      return 2;
  }
}

}  // namespace inlet::app
