#include "inlet/auth/token.h"

#include <algorithm>

#include "inlet/common/ascii.h"
#include "inlet/common/crypto.h"
#include "inlet/common/uuid.h"

namespace inlet::auth {
namespace {

constexpr std::string_view kSecretPrefix = "inlet_";
constexpr size_t kSecretBytes = 32;

std::string Base64Url(const uint8_t* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

bool IsToken68Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

}  // namespace

std::string_view ToString(Scope scope) {
  switch (scope) {
    case Scope::kIngest:
      return "ingest";
    case Scope::kRead:
      return "read";
    case Scope::kAdmin:
      return "admin";
  }
  return "admin";
}

std::optional<Scope> ParseScope(std::string_view text) {
  if (text == "ingest") return Scope::kIngest;
  if (text == "read") return Scope::kRead;
  if (text == "admin") return Scope::kAdmin;
  return std::nullopt;
}

bool Grants(const std::vector<std::string>& granted, Scope needed) {
  for (const auto& name : granted) {
    auto scope = ParseScope(name);
    if (scope == Scope::kAdmin || scope == needed) return true;
  }
  return false;
}

Result<MintedToken> MintToken(const TokenRequest& request, int64_t now_ms) {
  if (request.name.empty() || request.name.size() > 200) {
    return Status::InvalidArgument("invalid-token-request",
                                   "\"name\" must be a non-empty string of at most 200 characters");
  }
  if (request.scopes.empty()) {
    return Status::InvalidArgument("invalid-token-request",
                                   "\"scopes\" must list at least one of ingest, read, admin");
  }
  MintedToken minted;
  for (const auto& scope : request.scopes) {
    if (!ParseScope(scope)) {
      return Status::InvalidArgument(
          "invalid-token-request",
          "unknown scope \"" + scope + "\" in \"scopes\"; use ingest, read or admin");
    }
    if (std::find(minted.record.scopes.begin(), minted.record.scopes.end(), scope) ==
        minted.record.scopes.end()) {
      minted.record.scopes.push_back(scope);
    }
  }
  if (request.expires_in_hours) {
    if (*request.expires_in_hours <= 0 || *request.expires_in_hours > 24 * 365 * 100) {
      return Status::InvalidArgument("invalid-token-request",
                                     "\"expiresInHours\" must be a positive number of hours");
    }
    minted.record.expires_at_ms = now_ms + *request.expires_in_hours * 3600 * 1000;
  }
  for (const auto& id : request.endpoint_ids) {
    auto normalized = NormalizeUuid(id);
    if (!normalized) {
      return Status::InvalidArgument(
          "invalid-token-request",
          "\"endpoints\" holds \"" + id + "\", which is not an endpoint id");
    }
    minted.record.endpoint_ids.push_back(*normalized);
  }

  uint8_t random[kSecretBytes];
  SecureRandomBytes(random, sizeof random);
  minted.secret = std::string(kSecretPrefix) + Base64Url(random, sizeof random);
  minted.record.id = NewUuidV4();
  minted.record.name = request.name;
  minted.record.secret_hash = Sha256(minted.secret);
  minted.record.created_at_ms = now_ms;
  return minted;
}

std::optional<std::string_view> ParseBearer(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() ||
      !EqualsIgnoringAsciiCase(authorization.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  size_t spaces = rest.find_first_not_of(' ');
  if (spaces == 0 || spaces == std::string_view::npos) return std::nullopt;
  std::string_view token = rest.substr(spaces);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  // token68: characters from its set, then optional trailing '=' padding.
  size_t end = 0;
  while (end < token.size() && IsToken68Char(token[end])) ++end;
  if (end == 0) return std::nullopt;
  for (size_t i = end; i < token.size(); ++i) {
    if (token[i] != '=') return std::nullopt;
  }
  return token;
}

}  // namespace inlet::auth
