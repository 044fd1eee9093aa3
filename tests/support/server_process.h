// Runs the real `inlet` binary as a child process for end-to-end tests: a fresh data
// directory, a free loopback port, stdout and stderr captured to files; on SQLite, or on
// PostgreSQL when asked (TESTS_STORE=postgres, or Options::postgres_url). The binary is
// the one built with the tests, or TESTS_INLET_BINARY (e.g. a release build, to read
// the hostile suite's figures without sanitizers).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/temp_dir.h"

namespace inlet::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `inlet <args>` to completion.
CommandResult RunInlet(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {});

class ServerProcess {
 public:
  struct Options {
    std::vector<std::string> extra_args;  // appended to `inlet serve ...`
    std::map<std::string, std::string> env;
    std::string data_dir;  // empty: a fresh temporary one
    // A PostgreSQL database to serve from (store.backend postgres). Empty: SQLite under the
    // data directory, or in PostgreSQL mode (postgres_database.h) the data directory's
    // own database.
    std::string postgres_url;
    // Serve HTTPS with Certificates()'s server pair; always so in TLS mode (tls.h).
    bool tls = false;
    uint64_t file_limit = 0;  // RLIMIT_NOFILE of the server (soft and hard); 0: inherited
  };

  // Starts the server and waits until it prints where it listens; throws with its
  // stderr when it does not within 30 s.
  explicit ServerProcess(Options options);
  ServerProcess() : ServerProcess(Options{}) {}
  ~ServerProcess();  // SIGKILL if still running

  uint16_t port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // The PostgreSQL database it serves from; empty on SQLite.
  const std::string& postgres_url() const { return postgres_url_; }
  const std::string& admin_token() const { return admin_token_; }
  pid_t pid() const { return pid_; }
  bool tls() const { return tls_; }
  // How a client reaches this server: plain, or HTTPS trusting the test CA.
  TlsClientOptions ClientOptions() const;

  void Signal(int signal);
  // The exit code, or -1 when it did not exit within `timeout_ms` (-2 when killed by a
  // signal).
  int WaitForExit(int timeout_ms);
  std::string Stdout() const;
  std::string Stderr() const;

  // One request on a fresh connection, as the admin unless `token` is given ("" for none).
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "", const HeaderList& headers = {}) const;
  HttpResponse RequestAs(const std::string& token, const std::string& method,
                         const std::string& target, const std::string& body = "",
                         const HeaderList& headers = {}) const;

 private:
  // Polls stdout for the "listening on" line and sets port_; throws when the child exits
  // first or 30 s pass.
  void WaitUntilListening();

  std::unique_ptr<TempDir> temp_;
  std::string data_dir_;
  std::string postgres_url_;
  std::string stdout_path_;
  std::string stderr_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  uint16_t port_ = 0;
  bool tls_ = false;
  std::string admin_token_;
};

// Options with one member set, e.g. `ServerProcess server(ServeArgs({"--set", "k=v"}))`.
// (Designated initializers that skip members trip -Wmissing-field-initializers.)
ServerProcess::Options ServeArgs(std::vector<std::string> extra_args);
ServerProcess::Options ServeEnv(std::map<std::string, std::string> env);
ServerProcess::Options ServeDataDir(std::string data_dir);
// HTTPS with the test certificates, and `extra_args`.
ServerProcess::Options ServeTls(std::vector<std::string> extra_args = {});

}  // namespace inlet::testing
