#include "inlet/cli/post.h"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <random>
#include <thread>

#include "cli/post_batches.h"
#include "inlet/cli/batch_answer.h"
#include "inlet/cli/input_file.h"
#include "inlet/cli/progress_line.h"
#include "inlet/cli/record_framer.h"
#include "inlet/cli/retry_policy.h"
#include "inlet/common/gzip.h"
#include "inlet/common/uuid.h"

namespace inlet::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The size of all the input, when every file is a regular file.
std::optional<uint64_t> TotalSize(const std::vector<std::string>& files) {
  uint64_t total = 0;
  for (const std::string& path : files) {
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      return std::nullopt;
    }
    total += static_cast<uint64_t>(info.st_size);
  }
  return total;
}

// One run of `inlet post`: the calling thread reads, `parallel` threads send.
class PostRun {
 public:
  PostRun(const PostOptions& options, const ServerAccess& access, std::ostream& errors)
      : options_(options),
        access_(access),
        errors_(errors),
        channel_(static_cast<size_t>(options.parallel)),
        run_id_(NewUuidV4()) {}

  PostReport Run() {
    started_ = Clock::now();
    total_bytes_ = TotalSize(options_.files);
    std::thread progress;
    if (options_.progress_bar) progress = std::thread([this] { ShowProgress(); });
    std::vector<std::thread> senders;
    for (int i = 0; i < options_.parallel; ++i) senders.emplace_back([this] { SendBatches(); });
    ReadFiles();
    channel_.Finish();
    for (auto& sender : senders) sender.join();
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    wake_.notify_all();
    if (progress.joinable()) progress.join();
    report_.records = records_.load();
    report_.input_bytes = bytes_read_.load();
    report_.sent_bytes = sent_bytes_.load();
    report_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    return report_;
  }

 private:
  // --- Reading (the calling thread).

  void ReadFiles() {
    for (const std::string& path : options_.files) {
      if (stopped_) return;
      Status status = ReadFile(path);
      if (!status.ok()) return Fail(status.message());
    }
  }

  Status ReadFile(const std::string& path) {
    INLET_ASSIGN_OR_RETURN(auto file, InputFile::Open(path));
    const uint64_t before = bytes_read_.load();
    RecordFramer framer;
    Batch batch = NewBatch(file->name());
    auto sink = [&](const FramedRecord& record) {
      ++records_;
      if (!record.broken.empty()) return RejectUnsendable(file->name(), record);
      bool full = batch.records() >= options_.batch_records ||
                  batch.ndjson.size() + record.text.size() + 1 > options_.batch_bytes;
      if (batch.records() > 0 && full) Hand(batch, file->name());
      batch.Add(record.text, record.line);
    };
    std::string chunk;
    while (!stopped_) {
      INLET_RETURN_IF_ERROR(file->Read(chunk));
      bytes_read_ = before + file->bytes_read();
      if (chunk.empty()) break;
      Status framed = framer.Feed(chunk, sink);
      if (!framed.ok()) return framed.WithContext(file->name());
    }
    if (stopped_) return Status::Ok();
    Status finished = framer.Finish(sink);
    if (!finished.ok()) return finished.WithContext(file->name());
    if (batch.records() > 0) Hand(batch, file->name());
    return Status::Ok();
  }

  Batch NewBatch(const std::string& file) {
    Batch batch;
    batch.key = std::to_string(next_batch_++);
    batch.file = file;
    return batch;
  }

  // Gives the batch to the senders (waiting while they are busy) and starts the next.
  void Hand(Batch& batch, const std::string& file) {
    channel_.Push(std::move(batch));
    batch = NewBatch(file);
  }

  void RejectUnsendable(const std::string& file, const FramedRecord& record) {
    std::lock_guard lock(mutex_);
    ++report_.rejected;
    PrintError(file + ":" + std::to_string(record.line) +
               ": invalid-json: " + std::string(record.broken) + " (not sent)");
  }

  // --- Sending (each sender thread).

  void SendBatches() {
    try {
      HttpClient client(access_);
      std::mt19937 random(std::random_device{}());
      while (auto batch = channel_.Pop()) {
        SendBatch(client, *batch, random);
      }
    } catch (const std::exception& e) {
      Fail(std::string("sending failed: ") + e.what());
    }
  }

  void SendBatch(HttpClient& client, Batch& batch, std::mt19937& random) {
    const std::string body = Gzip(batch.ndjson, kGzipFastestLevel);
    HttpCall call;
    call.method = "POST";
    call.target =
        "/upload/api/endpoint/" + options_.endpoint_id + (options_.dry_run ? "?dryRun=true" : "");
    call.headers = {"Content-Type: application/x-ndjson", "Content-Encoding: gzip"};
    if (!options_.dry_run) {
      call.headers.push_back("Idempotency-Key: inlet-post-" + run_id_ + "-" + batch.key);
    }
    call.body = body;
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    const auto first_try = Clock::now();
    int failures = 0;  // the retries --retries bounds
    for (int attempt = 0;; ++attempt) {
      if (stopped_) return;
      auto answer = client.Send(call);
      sent_bytes_ += body.size();
      const int status = answer.ok() ? answer->status : 0;
      if (status == 200 || status == 400) {
        BatchAnswer read = ReadBatchAnswer(answer->body);
        if (read.envelope) return Count(batch, status, read);
      }
      // Larger than the server takes in one request (its limits may be lower than the
      // defaults this client assumes): half as many records at a time, down to one.
      if (status == 413 && batch.records() > 1) {
        {
          std::lock_guard lock(mutex_);
          ++report_.splits;
        }
        auto [first, second] = Split(std::move(batch));
        SendBatch(client, first, random);
        return SendBatch(client, second, random);
      }
      if (status == 413) return RejectTooLarge(batch, *answer);
      const std::string message_id = answer.ok() ? FirstMessageId(answer->body) : "";
      const std::string_view retry_after = answer.ok() ? answer->Header("retry-after") : "";
      if (ShouldRetry(status, message_id) && !PacedByServer(status, retry_after)) ++failures;
      if (ShouldRetry(status, message_id) && failures <= options_.retries &&
          Clock::now() - first_try < options_.retry_for) {
        auto wait = RetryWait(attempt + 1, retry_after, jitter(random));
        {
          std::lock_guard lock(mutex_);
          ++report_.retries;
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [&] { return stopped_.load(); });
        continue;
      }
      return Fail(Describe(batch, answer, attempt,
                           std::chrono::duration<double>(Clock::now() - first_try).count()));
    }
  }

  void RejectTooLarge(const Batch& batch, const HttpAnswer& answer) {
    BatchAnswer read = ReadBatchAnswer(answer.body);
    std::lock_guard lock(mutex_);
    ++report_.rejected;
    PrintError(batch.file + ":" + std::to_string(batch.lines.front()) +
               ": body-too-large: the record alone is larger than the server takes in a "
               "request (" +
               (read.errors.empty() ? "HTTP 413" : read.errors.front().message) + ")");
    ++answered_;
  }

  std::string Describe(const Batch& batch, const Result<HttpAnswer>& answer, int attempts,
                       double seconds) {
    std::string where =
        "the batch of " + batch.file + " from line " + std::to_string(batch.lines.front());
    std::string what;
    if (!answer.ok()) {
      what = answer.status().message();
    } else {
      what = "HTTP " + std::to_string(answer->status);
      BatchAnswer read = ReadBatchAnswer(answer->body);
      if (!read.errors.empty()) {
        what += " " + read.errors.front().message_id + ": " + read.errors.front().message;
      }
    }
    if (attempts > 0) {
      what += " (after " + std::to_string(attempts) + (attempts == 1 ? " retry" : " retries") +
              " in " + Duration(seconds) + ")";
    }
    return where + ": " + what;
  }

  void Count(const Batch& batch, int status, const BatchAnswer& answer) {
    std::lock_guard lock(mutex_);
    ++report_.batches;
    report_.accepted += answer.accepted;
    report_.rejected += answer.rejected;
    // A refusal of the whole request (too many records, say) rejects every record in it.
    if (status == 400 && answer.accepted == 0 && answer.rejected == 0) {
      report_.rejected += batch.records();
    }
    for (const auto& [id, count] : answer.warnings) report_.warnings[id] += count;
    report_.warnings_not_listed += answer.warnings_omitted;
    report_.errors_not_printed += answer.errors_omitted;
    for (const RecordError& error : answer.errors) {
      std::string where =
          error.row_index >= 0 && static_cast<uint64_t>(error.row_index) < batch.records()
              ? batch.file + ":" + std::to_string(batch.lines[error.row_index])
              : "the batch of " + batch.file + " from line " + std::to_string(batch.lines.front());
      PrintError(where + ": " + error.message_id + ": " + error.message);
    }
    answered_ += batch.records();
  }

  // --- Shared.

  // With mutex_ held.
  void PrintError(const std::string& line) {
    if (printed_errors_ >= kMaxPrintedErrors) {
      ++report_.errors_not_printed;
      return;
    }
    ++printed_errors_;
    if (options_.progress_bar) errors_ << "\r\x1b[K";
    errors_ << line << "\n";
  }

  void Fail(const std::string& why) {
    {
      std::lock_guard lock(mutex_);
      if (report_.failure.empty()) report_.failure = why;
      stopped_ = true;
    }
    channel_.Close();
    wake_.notify_all();
  }

  void ShowProgress() {
    std::unique_lock lock(mutex_);
    while (!finished_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      ProgressSnapshot snapshot;
      snapshot.records_answered = answered_;
      snapshot.bytes_read = bytes_read_;
      snapshot.bytes_total = total_bytes_;
      snapshot.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
      errors_ << "\r\x1b[K" << (finished_ ? "" : ProgressLine(snapshot)) << std::flush;
    }
  }

  const PostOptions& options_;
  const ServerAccess& access_;
  std::ostream& errors_;
  BatchChannel channel_;
  const std::string run_id_;
  Clock::time_point started_;

  std::mutex mutex_;  // guards report_ and the error stream
  std::condition_variable wake_;
  PostReport report_;
  uint64_t printed_errors_ = 0;
  bool finished_ = false;
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> answered_{0};
  std::atomic<uint64_t> bytes_read_{0};
  std::atomic<uint64_t> sent_bytes_{0};
  std::optional<uint64_t> total_bytes_;
  uint64_t next_batch_ = 0;  // the reader's
};

}  // namespace

PostReport Post(const PostOptions& options, const ServerAccess& access, std::ostream& errors) {
  PostRun run(options, access, errors);
  return run.Run();
}

}  // namespace inlet::cli
