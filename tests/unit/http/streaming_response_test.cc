// Answers whose body is produced a piece at a time (BodyStream, message.h), through a real
// Server on a loopback port, plain and over TLS: chunked framing, one piece asked for at a
// time, the write timeout, and what a failed body, a client that goes away and a server
// that stops do to the stream.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "inlet/http/server.h"
#include "support/http_client.h"
#include "support/tls.h"

namespace inlet::http {
namespace {

using Piece = BodyStream::Piece;
using testing::HttpConnection;

constexpr auto kWait = std::chrono::seconds(10);
constexpr size_t kPieceBytes = 64 * 1024;

// What a test stream tells its test. The test keeps the probe, never the stream, so the
// stream's release is the server's doing.
class Probe {
 public:
  // --- Called by the streams.
  // A Next call; `overlapping` when the piece asked for before has not been delivered.
  void CountNext(bool overlapping) {
    std::lock_guard lock(mutex_);
    ++next_calls_;
    if (overlapping) ++overlapping_calls_;
  }
  // A Next call whose `deliver` the test calls (WaitForNext).
  void Hold(BodyStream::Deliver deliver) {
    std::lock_guard lock(mutex_);
    ++next_calls_;
    held_.push_back(std::move(deliver));
    changed_.notify_all();
  }
  void Released() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

  // --- For the test.
  int next_calls() {
    std::lock_guard lock(mutex_);
    return next_calls_;
  }
  int overlapping_calls() {
    std::lock_guard lock(mutex_);
    return overlapping_calls_;
  }
  // True once the stream is destroyed, waiting for it up to kWait.
  bool WaitReleased() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWait, [&] { return released_; });
  }
  // The `deliver` of the next held Next call; null when the stream is released first (or
  // nothing comes within kWait).
  BodyStream::Deliver WaitForNext() {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, kWait, [&] { return !held_.empty() || released_; });
    if (held_.empty()) return nullptr;
    auto deliver = std::move(held_.front());
    held_.pop_front();
    return deliver;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int next_calls_ = 0;
  int overlapping_calls_ = 0;
  std::deque<BodyStream::Deliver> held_;
  bool released_ = false;
};

// Delivers a fixed list of pieces, each from within Next; asked for more, it throws.
class ScriptedStream : public BodyStream {
 public:
  ScriptedStream(std::shared_ptr<Probe> probe, std::vector<Piece> pieces)
      : probe_(std::move(probe)), pieces_(std::move(pieces)) {}
  ~ScriptedStream() override { probe_->Released(); }

  void Next(Deliver deliver) override {
    probe_->CountNext(false);
    if (next_ == pieces_.size()) throw std::runtime_error("the script has no piece left");
    deliver(pieces_[next_++]);
  }

 private:
  std::shared_ptr<Probe> probe_;
  std::vector<Piece> pieces_;
  size_t next_ = 0;
};

// Produces pieces of kPieceBytes on a thread of its own, piece i all of 'a' + i % 26:
// `count` of them, or without end when `count` is 0.
class ProducerStream : public BodyStream {
 public:
  ProducerStream(std::shared_ptr<Probe> probe, int count)
      : probe_(std::move(probe)), count_(count), worker_([this] { Produce(); }) {}
  ~ProducerStream() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    asked_.notify_one();
    worker_.join();
    probe_->Released();
  }

  void Next(Deliver deliver) override {
    std::lock_guard lock(mutex_);
    probe_->CountNext(outstanding_);
    outstanding_ = true;
    pending_ = std::move(deliver);
    asked_.notify_one();
  }

 private:
  void Produce() {
    for (int i = 0;; ++i) {
      Deliver deliver;
      {
        std::unique_lock lock(mutex_);
        asked_.wait(lock, [&] { return stopping_ || pending_; });
        if (stopping_) return;
        deliver = std::exchange(pending_, nullptr);
        outstanding_ = false;
      }
      deliver(Piece{std::string(kPieceBytes, static_cast<char>('a' + i % 26)), i + 1 == count_});
    }
  }

  std::shared_ptr<Probe> probe_;
  const int count_;
  std::mutex mutex_;
  std::condition_variable asked_;
  Deliver pending_;
  bool outstanding_ = false;  // asked for and not yet delivered
  bool stopping_ = false;
  std::thread worker_;  // last: it starts in the constructor
};

// Hands each Next's `deliver` to the test (Probe::WaitForNext).
class GatedStream : public BodyStream {
 public:
  explicit GatedStream(std::shared_ptr<Probe> probe) : probe_(std::move(probe)) {}
  ~GatedStream() override { probe_->Released(); }
  void Next(Deliver deliver) override { probe_->Hold(std::move(deliver)); }

 private:
  std::shared_ptr<Probe> probe_;
};

// Answers /plain with an ordinary body, anything else with the stream the test gave it.
class StreamingHandler : public Handler {
 public:
  void Serve(std::shared_ptr<BodyStream> stream) {
    std::lock_guard lock(mutex_);
    stream_ = std::move(stream);
  }

  Admission Admit(const RequestHead&) override { return {}; }
  void Handle(Request request, Responder respond) override {
    Response response;
    if (request.head.path == "/plain") {
      response.body = "{}";
    } else {
      response.content_type = "application/x-ndjson";
      response.headers.Set("X-Export", "entities");
      std::lock_guard lock(mutex_);
      response.stream = std::move(stream_);
    }
    respond(std::move(response));
  }
  void Refuse(Request, Refusal, uint64_t, Responder respond) override { respond(Response{}); }
  void Drain() override {}

 private:
  std::mutex mutex_;
  std::shared_ptr<BodyStream> stream_;
};

// What the server logs, for a test to read a request's line.
class LogLines : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // The first line containing `text`; "" when none comes within kWait.
  std::string WaitFor(const std::string& text) {
    std::unique_lock lock(mutex_);
    std::string found;
    logged_.wait_for(lock, kWait, [&] {
      for (const auto& line : lines_) {
        if (line.find(text) != std::string::npos) found = line;
      }
      return !found.empty();
    });
    return found;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.emplace_back(msg.payload.data(), msg.payload.size());
    logged_.notify_all();
  }
  void flush_() override {}

 private:
  std::condition_variable logged_;
  std::vector<std::string> lines_;
};

// A real server on a loopback port, run on two threads, with its log captured.
class StreamingServer : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_logger_ = spdlog::default_logger();
    log_ = std::make_shared<LogLines>();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_));
  }

  void TearDown() override {
    if (server_ && !finished_) {
      EXPECT_TRUE(Stop()) << "a connection was still open at the shutdown deadline";
    }
    server_.reset();
    // A connection kept alive by a reference cycle would outlive the server.
    EXPECT_EQ(metrics_.GetGauge("inlet_http_open_connections", "").Value(), 0);
    spdlog::set_default_logger(previous_logger_);
  }

  static ServerOptions OptionsFor(bool tls) {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.shutdown_deadline_ms = 5000;
    if (tls) {
      options.tls.certificate_file = testing::Certificates().server_certificate;
      options.tls.private_key_file = testing::Certificates().server_key;
    }
    return options;
  }

  void Start(const ServerOptions& options) {
    server_ = std::make_unique<Server>(options, handler_, metrics_);
    auto port = server_->Listen();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    runner_ = std::thread([this] { run_result_ = server_->Run(nullptr); });
  }

  // Stops the server; false when a connection was cut off at the shutdown deadline.
  bool Stop() {
    server_->Stop();
    runner_.join();
    finished_ = true;
    return run_result_;
  }

  // The body of a raw answer, after its head.
  static std::string BodyOf(const std::string& answer) {
    size_t head_end = answer.find("\r\n\r\n");
    return head_end == std::string::npos ? "" : answer.substr(head_end + 4);
  }
  // The head of a raw answer, each field line ending in CRLF.
  static std::string HeadOf(const std::string& answer) {
    return answer.substr(0, answer.find("\r\n\r\n") + 2);
  }

  StreamingHandler handler_;
  MetricsRegistry metrics_;
  std::shared_ptr<LogLines> log_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;

 private:
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::thread runner_;
  bool run_result_ = false;
  bool finished_ = false;
};

// Every test once over plain HTTP and once over HTTPS.
class StreamingResponseTest : public StreamingServer, public ::testing::WithParamInterface<bool> {
 protected:
  void Start() { StreamingServer::Start(OptionsFor(GetParam())); }
  void Start(const ServerOptions& options) { StreamingServer::Start(options); }
  ServerOptions Options() const { return OptionsFor(GetParam()); }
  std::unique_ptr<HttpConnection> Connect() const {
    return std::make_unique<HttpConnection>(
        port_, GetParam() ? testing::HttpsClientOptions() : testing::TlsClientOptions{});
  }
};

INSTANTIATE_TEST_SUITE_P(PlainAndTls, StreamingResponseTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Tls" : "Plain"; });

constexpr char kExportRequest[] = "GET /export HTTP/1.1\r\nHost: x\r\n\r\n";

TEST_P(StreamingResponseTest, PiecesGoOutAsChunksAndTheConnectionServesTheNextRequest) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<ScriptedStream>(
      probe, std::vector<Piece>{{"one\n"}, {""}, {"two\n"}, {"three\n", true}}));
  Start();
  auto client = Connect();
  client->SendRaw(kExportRequest);

  std::string answer = client->ReadThrough("\r\n0\r\n\r\n");
  // The empty piece is no chunk: a chunk of size 0 would have ended the body there.
  EXPECT_EQ(BodyOf(answer), "4\r\none\n\r\n4\r\ntwo\n\r\n6\r\nthree\n\r\n0\r\n\r\n");
  std::string head = HeadOf(answer);
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Type: application/x-ndjson\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nX-Export: entities\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nX-Request-Id: "), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_EQ(head.find("Connection"), std::string::npos) << head;
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_EQ(probe->next_calls(), 4);

  auto next = client->Send("GET", "/plain");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "{}");

  std::string line = log_->WaitFor("GET /export ");
  EXPECT_NE(line.find("GET /export 200 in=0 out=14 "), std::string::npos) << line;
  EXPECT_EQ(line.find("truncated"), std::string::npos) << line;
}

TEST_P(StreamingResponseTest, ALargeBodyArrivesWholeWithOnePieceAskedForAtATime) {
  constexpr int kPieces = 2000;
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<ProducerStream>(probe, kPieces));
  Start();
  auto client = Connect();
  client->SendRaw(kExportRequest);

  auto response = client->ReadResponse(120000);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("transfer-encoding"), "chunked");
  ASSERT_EQ(response.body.size(), kPieces * kPieceBytes);
  std::string_view body = response.body;
  for (int i = 0; i < kPieces; ++i) {
    ASSERT_EQ(body.substr(i * kPieceBytes, kPieceBytes)
                  .find_first_not_of(static_cast<char>('a' + i % 26)),
              std::string_view::npos)
        << "piece " << i;
  }
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_EQ(probe->next_calls(), kPieces);
  EXPECT_EQ(probe->overlapping_calls(), 0);
  std::string line = log_->WaitFor("GET /export ");
  EXPECT_NE(line.find(" out=" + std::to_string(kPieces * kPieceBytes) + " "), std::string::npos)
      << line;
}

TEST_P(StreamingResponseTest, AClientThatStopsReadingIsCutOffAfterTheWriteTimeout) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<ProducerStream>(probe, 0));  // without end
  ServerOptions options = Options();
  options.read_timeout_ms = 300;
  Start(options);
  auto client = Connect();
  client->SendRaw(kExportRequest);

  // The client reads nothing: once the socket buffers are full a write waits, past the
  // timeout, and the connection goes with its stream.
  ASSERT_TRUE(probe->WaitReleased());
  // Only what the two ends' socket buffers hold (a few MiB on loopback) was asked for.
  EXPECT_LT(probe->next_calls(), 1024);
  EXPECT_EQ(probe->overlapping_calls(), 0);
  std::string line = log_->WaitFor("GET /export ");
  EXPECT_NE(line.find(" truncated"), std::string::npos) << line;
  // What the buffers held, then the end of the connection.
  EXPECT_NO_THROW(client->ReadToClose());
}

TEST_P(StreamingResponseTest, AFailedPieceCutsTheConnectionWithoutTheLastChunk) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<ScriptedStream>(
      probe, std::vector<Piece>{{"one\n"}, {"two\n"}, {"never sent", false, true}}));
  Start();
  auto client = Connect();
  client->SendRaw(kExportRequest);

  EXPECT_EQ(BodyOf(client->ReadToClose()), "4\r\none\n\r\n4\r\ntwo\n\r\n");
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_EQ(probe->next_calls(), 3);
  std::string line = log_->WaitFor("GET /export ");
  EXPECT_NE(line.find("GET /export 200 in=0 out=8 "), std::string::npos) << line;
  EXPECT_NE(line.find(" truncated"), std::string::npos) << line;
}

TEST_P(StreamingResponseTest, ANextThatThrowsCutsTheConnectionLikeAFailedPiece) {
  auto probe = std::make_shared<Probe>();
  // Asked for a second piece, the script throws.
  handler_.Serve(std::make_shared<ScriptedStream>(probe, std::vector<Piece>{{"one\n"}}));
  Start();
  auto client = Connect();
  client->SendRaw(kExportRequest);

  EXPECT_EQ(BodyOf(client->ReadToClose()), "4\r\none\n\r\n");
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_EQ(probe->next_calls(), 2);
  EXPECT_NE(log_->WaitFor("GET /export ").find(" truncated"), std::string::npos);
}

TEST_P(StreamingResponseTest, AClientThatClosesMidStreamReleasesTheStream) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<GatedStream>(probe));
  Start();
  auto client = Connect();
  client->SendRaw(kExportRequest);
  auto deliver = probe->WaitForNext();
  ASSERT_TRUE(deliver);
  deliver(Piece{"one\n"});
  ASSERT_NE(client->ReadThrough("4\r\none\n\r\n"), "");
  deliver = probe->WaitForNext();
  ASSERT_TRUE(deliver);

  client.reset();
  // The server, which only writes while it streams, learns of the close from a write:
  // the one of the piece it waits for may still succeed (it meets the client's FIN, and
  // the reset that answers it comes after), the next fails.
  int pieces_after_close = 0;
  while (deliver && pieces_after_close < 10) {
    deliver(Piece{std::string(kPieceBytes, 'x')});
    ++pieces_after_close;
    deliver = probe->WaitForNext();
  }
  EXPECT_FALSE(deliver) << "still asked for pieces after " << pieces_after_close;
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_LE(pieces_after_close, 2);
  EXPECT_NE(log_->WaitFor("GET /export ").find(" truncated"), std::string::npos);
}

TEST_P(StreamingResponseTest, AStopCutsAWaitingStreamAtTheDeadlineAndALatePieceIsDropped) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<GatedStream>(probe));
  ServerOptions options = Options();
  options.shutdown_deadline_ms = 200;
  Start(options);
  auto client = Connect();
  client->SendRaw(kExportRequest);
  auto deliver = probe->WaitForNext();
  ASSERT_TRUE(deliver);
  deliver(Piece{"one\n"});
  ASSERT_NE(client->ReadThrough("4\r\none\n\r\n"), "");
  deliver = probe->WaitForNext();
  ASSERT_TRUE(deliver);

  // The request is in flight, so the stop lets it go on until the deadline; its stream
  // still waits for a piece then, and is cut off and released.
  server_->Stop();
  ASSERT_TRUE(probe->WaitReleased());
  deliver(Piece{"late\n", true});  // its connection is gone: dropped
  deliver = nullptr;
  EXPECT_FALSE(Stop());
  EXPECT_EQ(client->ReadToClose(), "");  // no more chunks, and no last one
  EXPECT_EQ(probe->next_calls(), 2);
  EXPECT_NE(log_->WaitFor("GET /export ").find(" truncated"), std::string::npos);
}

// HTTP/1.0 has no chunks: over a raw socket, to see how the connection ends.
class StreamingHttp10Test : public StreamingServer {
 protected:
  struct RawAnswer {
    std::string bytes;
    int end_error = 0;  // 0: the connection ended cleanly; else recv's errno
  };

  RawAnswer Exchange(const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    RawAnswer answer;
    char chunk[4096];
    for (;;) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        answer.bytes.append(chunk, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        answer.end_error = n == 0 ? 0 : errno;
        break;
      }
    }
    ::close(fd);
    return answer;
  }
};

TEST_F(StreamingHttp10Test, TheBodyGoesOutUnframedAndEndsWithTheConnection) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(std::make_shared<ScriptedStream>(
      probe, std::vector<Piece>{{"one\n"}, {""}, {"two\n", true}}));
  Start(OptionsFor(false));

  RawAnswer answer = Exchange("GET /export HTTP/1.0\r\n\r\n");
  EXPECT_EQ(answer.end_error, 0);
  EXPECT_EQ(BodyOf(answer.bytes), "one\ntwo\n");
  std::string head = HeadOf(answer.bytes);
  EXPECT_EQ(head.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << head;
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_EQ(head.find("keep-alive"), std::string::npos) << head;
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_EQ(probe->next_calls(), 3);
  std::string line = log_->WaitFor("GET /export ");
  EXPECT_NE(line.find("GET /export 200 in=0 out=8 "), std::string::npos) << line;
  EXPECT_EQ(line.find("truncated"), std::string::npos) << line;
}

TEST_F(StreamingHttp10Test, AFailedBodyEndsWithAResetRatherThanACleanEnd) {
  auto probe = std::make_shared<Probe>();
  handler_.Serve(
      std::make_shared<ScriptedStream>(probe, std::vector<Piece>{{"one\n"}, {"", false, true}}));
  Start(OptionsFor(false));

  // A clean end would tell this client its body was complete.
  RawAnswer answer = Exchange("GET /export HTTP/1.0\r\n\r\n");
  EXPECT_EQ(answer.end_error, ECONNRESET) << answer.bytes;
  EXPECT_TRUE(probe->WaitReleased());
  EXPECT_NE(log_->WaitFor("GET /export ").find(" truncated"), std::string::npos);
}

}  // namespace
}  // namespace inlet::http
