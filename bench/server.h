// The real `inlet` binary as a child process: a temporary data directory, a free
// loopback port, stdout and stderr in files next to the data, and its memory read from
// /proc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace inlet::bench {

class Server {
 public:
  // Starts `binary serve` on 127.0.0.1:0 (HTTPS when `extra_args` give it a certificate)
  // with `data_dir` and waits until it prints where it listens; throws with its stderr
  // when it does not within 60 s.
  Server(const std::string& binary, const std::string& work_dir,
         const std::vector<std::string>& extra_args);
  ~Server();  // SIGKILL when Stop() was not called
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // "" when the server wrote no admin.token (it found tokens in its database).
  const std::string& admin_token() const { return admin_token_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string Stderr() const;

  // "journal_mode=wal, synchronous=full" as the server logged it at start.
  std::string Durability() const;

  // Resident set now and its peak since the last ResetPeak(), in KiB.
  int64_t RssKib() const;
  int64_t PeakRssKib() const;
  // Makes VmHWM the current RSS again (Linux clear_refs "5").
  void ResetPeak() const;

  // CPU time the server has used so far (user + system), in seconds.
  double CpuSeconds() const;

  // "running", or how the process ended ("exited with 1", "killed by signal 11").
  std::string State();

  // SIGTERM and wait; returns the exit code (-1 on timeout, -2 when killed by a signal).
  int Stop(int timeout_ms);

 private:
  int64_t StatusKib(const char* field) const;

  std::string data_dir_;
  std::string stdout_path_;
  std::string stderr_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  uint16_t port_ = 0;
  std::string admin_token_;
};

std::string ReadWholeFile(const std::string& path);

// A field of /proc/<pid>/status in KiB ("VmHWM", "VmRSS"); -1 when the process or the
// field is gone.
int64_t ProcStatusKib(pid_t pid, const char* field);

}  // namespace inlet::bench
