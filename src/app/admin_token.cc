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
  // Created here and now, 0600 from the start: O_EXCL refuses anything already at the
  // path (a file, or a link planted to make us write the secret elsewhere; O_EXCL does
  // not follow a link at the last component, O_NOFOLLOW says so again).
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST || errno == ELOOP) {
      return Status::Conflict(
          "admin-token-file-exists",
          path +
              " already exists (a file or a link), but no token is stored: it was left by "
              "a start that did not finish, or put there by someone else. It is not "
              "written through; check what it is, remove it and start again");
    }
    return Status::Internal("cannot create " + path + ": " + std::strerror(errno));
  }
  std::string line = secret + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  // Exactly 0600 whatever the umask left of it.
  written = (::fchmod(fd, 0600) == 0) && written;
  written = (::fsync(fd) == 0) && written;
  ::close(fd);
  if (!written) return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Result<std::string> EnsureAdminToken(store::Store& store, const std::string& data_dir) {
  INLET_ASSIGN_OR_RETURN(auto count, store.CountTokens());
  if (count > 0) return std::string();
  INLET_ASSIGN_OR_RETURN(
      auto minted,
      auth::MintToken({"admin (first start)", {"admin"}, std::nullopt, {}}, NowUnixMillis()));
  // The file first: a stored token whose secret was lost would lock the admin out.
  INLET_RETURN_IF_ERROR(WriteSecretFile(config::AdminTokenPath(data_dir), minted.secret));
  INLET_RETURN_IF_ERROR(store.InsertToken(minted.record));
  return minted.secret;
}

std::vector<std::string> AdminTokenAnnouncement(const std::string& secret, const std::string& path,
                                                bool to_terminal) {
  if (secret.empty()) return {"admin token file: " + path};
  if (to_terminal) return {"admin token (shown once): " + secret, "admin token file: " + path};
  return {"admin token written to " + path + " (not shown here: stdout is not a terminal)"};
}

}  // namespace inlet::app
