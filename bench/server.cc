#include "server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace inlet::bench {
namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path) {
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  for (auto& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The server refuses INLET_* variables that name no key; the bench's own settings
  // must not leak into it. Built before fork: the child may only exec.
  std::vector<char*> envp;
  for (char** env = environ; *env != nullptr; ++env) {
    if (std::string_view(*env).rfind("INLET_", 0) != 0) envp.push_back(*env);
  }
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
    // The benchmark ignores SIGPIPE for its TLS client; the server starts as from a shell.
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Server::Server(const std::string& binary, const std::string& work_dir,
               const std::vector<std::string>& extra_args)
    : data_dir_(work_dir + "/data"),
      stdout_path_(work_dir + "/inlet.stdout"),
      stderr_path_(work_dir + "/inlet.stderr") {
  std::vector<std::string> args = {binary,        "serve",      "--listen",
                                   "127.0.0.1:0", "--data-dir", data_dir_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::ofstream(stdout_path_).flush();
  pid_ = Spawn(args, stdout_path_, stderr_path_);

  // "inlet <version> listening on http://127.0.0.1:<port>", or https:// over TLS.
  const std::string marker = " listening on http", address = "://127.0.0.1:";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (port_ == 0) {
    std::string out = ReadWholeFile(stdout_path_);
    size_t at = out.find(marker);
    size_t port_at = at == std::string::npos ? at : out.find(address, at);
    if (port_at != std::string::npos && out.find('\n', port_at) != std::string::npos) {
      port_ = static_cast<uint16_t>(std::stoi(out.substr(port_at + address.size())));
      break;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      throw std::runtime_error("inlet exited during start-up:\n" + Stderr());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      exited_ = true;
      throw std::runtime_error("inlet did not start within 60 s:\n" + Stderr());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  admin_token_ = ReadWholeFile(data_dir_ + "/admin.token");
  while (!admin_token_.empty() && (admin_token_.back() == '\n' || admin_token_.back() == '\r')) {
    admin_token_.pop_back();
  }
  // A node that joins a PostgreSQL database where tokens exist writes none (scenario 12);
  // a server that needed one and wrote none fails its first admin call.
}

Server::~Server() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string Server::Stderr() const { return ReadWholeFile(stderr_path_); }

std::string Server::Durability() const {
  std::string err = Stderr();
  size_t at = err.find("journal_mode=");
  if (at == std::string::npos) return "not logged";
  return err.substr(at, err.find('\n', at) - at);
}

int64_t Server::StatusKib(const char* field) const { return ProcStatusKib(pid_, field); }

int64_t ProcStatusKib(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

int64_t Server::RssKib() const { return StatusKib("VmRSS"); }
int64_t Server::PeakRssKib() const { return StatusKib("VmHWM"); }

void Server::ResetPeak() const {
  std::ofstream("/proc/" + std::to_string(pid_) + "/clear_refs") << "5";
}

double Server::CpuSeconds() const {
  std::string stat = ReadWholeFile("/proc/" + std::to_string(pid_) + "/stat");
  // Fields after the parenthesized command name: state is field 3, utime 14, stime 15.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::string Server::State() {
  if (exited_) return "stopped";
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return "running";
  exited_ = true;
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with " + std::to_string(WEXITSTATUS(status));
}

int Server::Stop(int timeout_ms) {
  if (exited_) return -1;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace inlet::bench
