#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/postgres_database.h"

namespace inlet::testing {
namespace {

std::string InletBinary() {
  const char* chosen = std::getenv("TESTS_INLET_BINARY");
  return chosen && *chosen ? chosen : INLET_BINARY;
}

// fork + exec with stdout/stderr sent to files; returns the child's pid. Everything the
// child needs is made before the fork: between fork and exec the child only calls
// functions that take no lock (the test process may run threads, and a lock one of them
// held at the fork would never be released in the child).
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& out_path, const std::string& err_path, uint64_t file_limit = 0) {
  std::string binary = InletBinary();
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  argv.push_back(binary.data());
  for (auto& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> variables;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    const std::string text = *variable;
    if (!env.count(text.substr(0, text.find('=')))) variables.push_back(text);
  }
  for (const auto& [name, value] : env) variables.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& variable : variables) envp.push_back(variable.data());
  envp.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (file_limit > 0) {
      rlimit limit{file_limit, file_limit};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(126);
    }
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -2;
}

}  // namespace

CommandResult RunInlet(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) {
  TempDir temp;
  std::string out = temp.File("out"), err = temp.File("err");
  pid_t pid = Spawn(args, env, out, err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {DecodeStatus(status), ReadFile(out), ReadFile(err)};
}

ServerProcess::ServerProcess(Options options) : temp_(std::make_unique<TempDir>()) {
  data_dir_ = options.data_dir.empty() ? temp_->File("data") : options.data_dir;
  stdout_path_ = temp_->File("stdout");
  stderr_path_ = temp_->File("stderr");
  // Created before the child exists, so polling Stdout() never races its open().
  WriteFile(stdout_path_, "");
  WriteFile(stderr_path_, "");
  std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir_};
  tls_ = options.tls || TlsMode();
  if (tls_) {
    args.insert(args.end(), {"--set", "server.tlsCertificate=" + Certificates().server_certificate,
                             "--set", "server.tlsPrivateKey=" + Certificates().server_key});
  }
  postgres_url_ = options.postgres_url;
  if (postgres_url_.empty() && PostgresMode()) {
    postgres_url_ = PersistentPostgresDatabase(std::filesystem::absolute(data_dir_).string());
  }
  if (!postgres_url_.empty()) {
    // A short lease: a server restarted after a kill takes its jobs over within a second
    // or two, where the default would keep the tests waiting ten.
    args.insert(args.end(),
                {"--set", "store.backend=postgres", "--set", "store.postgresUrl=" + postgres_url_,
                 "--set", "processing.leaseMs=1000"});
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  pid_ = Spawn(args, options.env, stdout_path_, stderr_path_, options.file_limit);

  // A constructor that throws runs no destructor: the child is killed here, or it would
  // outlive the test.
  try {
    WaitUntilListening();
  } catch (...) {
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      exited_ = true;
    }
    throw;
  }
  std::string token_file = data_dir_ + "/admin.token";
  if (std::filesystem::exists(token_file)) {
    admin_token_ = ReadFile(token_file);
    while (!admin_token_.empty() && admin_token_.back() == '\n') admin_token_.pop_back();
  }
}

void ServerProcess::WaitUntilListening() {
  // "inlet <version> listening on http://127.0.0.1:<port>" (https:// and any address).
  const std::string marker = " listening on http";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string out = Stdout();
    size_t at = out.find(marker);
    size_t end = at == std::string::npos ? at : out.find('\n', at);
    if (end != std::string::npos) {
      std::string line = out.substr(at, end - at);
      port_ = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      throw std::runtime_error("inlet exited during start-up:\n" + Stderr());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("inlet did not start within 30 s:\n" + Stderr());
}

ServerProcess::~ServerProcess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void ServerProcess::Signal(int signal) { ::kill(pid_, signal); }

int ServerProcess::WaitForExit(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return DecodeStatus(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::string ServerProcess::Stdout() const { return ReadFile(stdout_path_); }
std::string ServerProcess::Stderr() const { return ReadFile(stderr_path_); }

HttpResponse ServerProcess::Request(const std::string& method, const std::string& target,
                                    const std::string& body, const HeaderList& headers) const {
  return RequestAs(admin_token_, method, target, body, headers);
}

HttpResponse ServerProcess::RequestAs(const std::string& token, const std::string& method,
                                      const std::string& target, const std::string& body,
                                      const HeaderList& headers) const {
  HttpConnection connection(port_, ClientOptions());
  HeaderList all = headers;
  if (!token.empty()) all.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) all.emplace_back("Content-Type", "application/json");
  return connection.Send(method, target, body, all);
}

TlsClientOptions ServerProcess::ClientOptions() const {
  return tls_ ? HttpsClientOptions() : TlsClientOptions{};
}

ServerProcess::Options ServeTls(std::vector<std::string> extra_args) {
  ServerProcess::Options options;
  options.extra_args = std::move(extra_args);
  options.tls = true;
  return options;
}

ServerProcess::Options ServeArgs(std::vector<std::string> extra_args) {
  ServerProcess::Options options;
  options.extra_args = std::move(extra_args);
  return options;
}

ServerProcess::Options ServeEnv(std::map<std::string, std::string> env) {
  ServerProcess::Options options;
  options.env = std::move(env);
  return options;
}

ServerProcess::Options ServeDataDir(std::string data_dir) {
  ServerProcess::Options options;
  options.data_dir = std::move(data_dir);
  return options;
}

}  // namespace inlet::testing
