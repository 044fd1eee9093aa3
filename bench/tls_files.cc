#include "tls_files.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <vector>

#include "server.h"

namespace inlet::bench {
namespace {

// Runs openssl with `args`, its output appended to `log`.
void OpenSsl(std::vector<std::string> args, const std::string& log) {
  args.insert(args.begin(), "openssl");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::dup2(out, 1);
    ::dup2(out, 2);
    // The benchmark ignores SIGPIPE for its TLS client; a tool gets the default back.
    ::signal(SIGPIPE, SIG_DFL);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string command;
    for (const auto& arg : args) command += arg + " ";
    const std::string how = WIFEXITED(status) ? "exited with " + std::to_string(WEXITSTATUS(status))
                                              : "was killed by a signal";
    throw std::runtime_error("certificate command " + command + how + "; its output:\n" +
                             ReadWholeFile(log));
  }
}

}  // namespace

TlsFiles MakeTlsFiles(const std::string& dir) {
  const std::string log = dir + "/openssl.log";
  const std::vector<std::string> new_p256_key = {"-newkey", "ec", "-pkeyopt",
                                                 "ec_paramgen_curve:prime256v1", "-nodes"};
  TlsFiles files{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key"};
  std::vector<std::string> ca = {"req", "-x509", "-new"};
  ca.insert(ca.end(), new_p256_key.begin(), new_p256_key.end());
  ca.insert(ca.end(), {"-keyout", dir + "/ca.key", "-out", files.ca, "-days", "2", "-subj",
                       "/CN=inlet bench CA", "-addext", "basicConstraints=critical,CA:TRUE",
                       "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  OpenSsl(ca, log);

  std::vector<std::string> request = {"req", "-new"};
  request.insert(request.end(), new_p256_key.begin(), new_p256_key.end());
  request.insert(request.end(),
                 {"-keyout", files.key, "-out", dir + "/server.csr", "-subj", "/CN=127.0.0.1"});
  OpenSsl(request, log);

  const std::string extensions = dir + "/server.ext";
  std::ofstream(extensions) << "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
  OpenSsl({"x509", "-req", "-in", dir + "/server.csr", "-CA", files.ca, "-CAkey", dir + "/ca.key",
           "-set_serial", "1", "-days", "2", "-out", files.certificate, "-extfile", extensions},
          log);
  return files;
}

}  // namespace inlet::bench
