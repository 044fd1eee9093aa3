#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "app/app_parts.h"
#include "inlet/auth/token.h"
#include "inlet/common/time.h"

namespace inlet::app {
namespace {

Status WriteSecretFile(const std::string& path, const std::string& secret) {
  // Created 0600 from the start: the secret never sits in a world-readable file.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
  }
  std::string line = secret + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  written = (::fchmod(fd, 0600) == 0) && written;
  written = (::fsync(fd) == 0) && written;
  ::close(fd);
  if (!written) return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Result<std::string> EnsureAdminToken(store::Store& store, const std::string& data_dir) {
  auto count = store.CountTokens();
  if (!count.ok()) return count.status();
  if (*count > 0) return std::string();
  auto minted =
      auth::MintToken({"admin (first start)", {"admin"}, std::nullopt, {}}, NowUnixMillis());
  if (!minted.ok()) return minted.status();
  // The file first: a stored token whose secret was lost would lock the admin out.
  INLET_RETURN_IF_ERROR(WriteSecretFile(data_dir + "/admin.token", minted->secret));
  INLET_RETURN_IF_ERROR(store.InsertToken(minted->record));
  return minted->secret;
}

}  // namespace inlet::app
