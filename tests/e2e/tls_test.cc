// HTTPS as SPEC §8 asks for it, against the real binary with certificates made by the
// openssl CLI: versions, mutual TLS, reloading on SIGHUP under load, plain HTTP on the
// HTTPS port, the handshake deadline, refusals at start, and https:// in what clients
// are told. (The protocol suites run over HTTPS as e2e.overTls.*.)
#include "support/tls.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/management.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using Clock = std::chrono::steady_clock;

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// The outcome of one GET /healthz on a new connection made with `options`: the status,
// or 0 when the handshake or the exchange failed (`error` says why).
int HealthzStatus(uint16_t port, const TlsClientOptions& options, std::string* error = nullptr) {
  try {
    HttpConnection connection(port, options);
    return connection.Send("GET", "/healthz").status;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return 0;
  }
}

int64_t MetricValue(const ServerProcess& server, const std::string& series) {
  std::string text = server.RequestAs("", "GET", "/metrics").body;
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::stoll(text.substr(at + series.size() + 2));
}

TEST(Tls, ServesTls12And13AndRefusesTls11) {
  ServerProcess server(ServeTls());
  TlsClientOptions tls12 = HttpsClientOptions();
  tls12.min_version = tls12.max_version = TLS1_2_VERSION;
  TlsClientOptions tls13 = HttpsClientOptions();
  tls13.min_version = TLS1_3_VERSION;
  EXPECT_EQ(HealthzStatus(server.port(), tls12), 200);
  EXPECT_EQ(HealthzStatus(server.port(), tls13), 200);

  TlsClientOptions tls11 = HttpsClientOptions();
  tls11.min_version = TLS1_VERSION;
  tls11.max_version = TLS1_1_VERSION;
  std::string error;
  EXPECT_EQ(HealthzStatus(server.port(), tls11, &error), 0);
  EXPECT_NE(error.find("handshake"), std::string::npos) << error;
  // The server saw the attempt and refused it: the client did offer TLS 1.1.
  EXPECT_GE(MetricValue(server, "inlet_tls_handshake_failures_total{reason=\"handshake\"}"), 1);
}

TEST(Tls, MinimumVersion13RefusesATls12Client) {
  ServerProcess server(ServeTls({"--set", "server.tlsMinVersion=1.3"}));
  TlsClientOptions tls12 = HttpsClientOptions();
  tls12.max_version = TLS1_2_VERSION;
  EXPECT_EQ(HealthzStatus(server.port(), tls12), 0);
  EXPECT_EQ(HealthzStatus(server.port(), HttpsClientOptions()), 200);
}

TEST(Tls, MutualTlsNeedsACertificateFromTheClientCaAndStillTheToken) {
  ServerProcess server(ServeTls({"--set", "server.tlsClientCa=" + Certificates().ca}));
  TlsClientOptions with_certificate = HttpsClientOptions();
  with_certificate.certificate = Certificates().client_certificate;
  with_certificate.key = Certificates().client_key;
  EXPECT_EQ(HealthzStatus(server.port(), with_certificate), 200);

  // Without a certificate, or with one no trusted CA signed, nothing is answered.
  EXPECT_EQ(HealthzStatus(server.port(), HttpsClientOptions()), 0);
  TlsClientOptions stranger = HttpsClientOptions();
  stranger.certificate = Certificates().stranger_certificate;
  stranger.key = Certificates().stranger_key;
  EXPECT_EQ(HealthzStatus(server.port(), stranger), 0);

  // A certificate is not a token.
  HttpConnection connection(server.port(), with_certificate);
  EXPECT_TRUE(IsError(connection.Send("GET", "/api/v1/endpoints"), 401, "unauthenticated"));
  auto listed = connection.Send("GET", "/api/v1/endpoints", "",
                                {{"Authorization", "Bearer " + server.admin_token()}});
  EXPECT_EQ(listed.status, 200);
}

TEST(Tls, CurlPostsOverHttpsWithTheCaAndAClientCertificate) {
  ServerProcess server(ServeTls({"--set", "server.tlsClientCa=" + Certificates().ca}));
  TlsClientOptions client = HttpsClientOptions();
  client.certificate = Certificates().client_certificate;
  client.key = Certificates().client_key;
  HttpConnection admin(server.port(), client);
  auto created = admin.Send(
      "POST", "/api/v1/endpoints",
      R"({"name":"orders","source":"CRM","group":"Sales",)"
      R"("mapping":{"entityType":"/Customer"},"mode":"manual"})",
      {{"Authorization", "Bearer " + server.admin_token()}, {"Content-Type", "application/json"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string post_url = created.Json()["postUrl"];
  EXPECT_EQ(post_url.rfind("https://127.0.0.1:", 0), 0u) << post_url;
  EXPECT_NE(created.body.find("https://"), std::string::npos);

  TempDir temp;
  std::string out = temp.File("out");
  std::string command = "curl -sS -o " + out + " -w '%{http_code}' --cacert " + Certificates().ca +
                        " --cert " + Certificates().client_certificate + " --key " +
                        Certificates().client_key + " -H 'Authorization: Bearer " +
                        server.admin_token() +
                        "' -H 'Content-Type: application/json' --data-binary '[{\"a\":1}]' " +
                        post_url + " > " + temp.File("code");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  EXPECT_EQ(ReadFile(temp.File("code")), "200") << ReadFile(out);
  EXPECT_NE(ReadFile(out).find("\"accepted\":1"), std::string::npos) << ReadFile(out);
}

TEST(Tls, PlainHttpOnTheHttpsPortIsAnswered400AndClosedAndNothingElseChanges) {
  ServerProcess server(ServeTls());
  HttpConnection plain(server.port(), TlsClientOptions{});
  plain.SendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto refused = plain.ReadResponse(3000);
  EXPECT_TRUE(IsError(refused, 400, "https-required"));
  EXPECT_TRUE(plain.WaitForClose(3000));
  EXPECT_EQ(HealthzStatus(server.port(), HttpsClientOptions()), 200);
  EXPECT_EQ(MetricValue(server, "inlet_tls_handshake_failures_total{reason=\"plain-http\"}"), 1);
}

TEST(Tls, AConnectionThatNeverHandshakesIsClosedAfterTheReadTimeout) {
  ServerProcess server(ServeTls({"--set", "server.readTimeoutMs=400"}));
  HttpConnection silent(server.port(), TlsClientOptions{});
  auto start = Clock::now();
  EXPECT_TRUE(silent.WaitForClose(5000));
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  EXPECT_LT(waited, 2500);
  // Half a ClientHello, then silence: the same deadline.
  HttpConnection partial(server.port(), TlsClientOptions{});
  partial.SendRaw(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  EXPECT_TRUE(partial.WaitForClose(5000));
  EXPECT_GE(MetricValue(server, "inlet_tls_handshake_failures_total{reason=\"timeout\"}"), 2);
  EXPECT_EQ(HealthzStatus(server.port(), HttpsClientOptions()), 200);
}

// The server's files are copies the test can replace, as a certificate renewal would.
struct ServedFiles {
  TempDir dir;
  std::string certificate = dir.File("server.pem");
  std::string key = dir.File("server.key");
  ServedFiles() {
    std::filesystem::copy_file(Certificates().server_certificate, certificate);
    std::filesystem::copy_file(Certificates().server_key, key);
  }
  void Replace(const std::string& new_certificate, const std::string& new_key) {
    WriteFile(certificate, ReadFile(new_certificate));
    WriteFile(key, ReadFile(new_key));
  }
};

ServerProcess::Options ServeFiles(const ServedFiles& files) {
  ServerProcess::Options options;
  options.extra_args = {"--set", "server.tlsCertificate=" + files.certificate, "--set",
                        "server.tlsPrivateKey=" + files.key};
  options.tls = true;
  return options;
}

TEST(Tls, SighupReloadsTheCertificateUnderLoadWithoutDroppingConnections) {
  ServedFiles files;
  ServerProcess server(ServeFiles(files));
  std::string id = CreateEndpoint(server, "orders")["id"];
  HttpConnection open_before(server.port(), HttpsClientOptions());
  ASSERT_EQ(open_before.Send("GET", "/healthz").status, 200);
  EXPECT_NE(open_before.PeerCertificateSubject().find("CN=127.0.0.1"), std::string::npos);

  // Load: two clients posting on keep-alive connections the whole time.
  std::atomic<bool> stop{false};
  std::atomic<int> accepted{0}, failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&] {
      HttpConnection connection(server.port(), HttpsClientOptions());
      while (!stop) {
        auto answer = connection.Send("POST", UploadPath(id), R"([{"n":1}])",
                                      {{"Authorization", "Bearer " + server.admin_token()},
                                       {"Content-Type", "application/json"}});
        (answer.status == 200 ? accepted : failed)++;
      }
    });
  }
  SleepMs(300);
  files.Replace(Certificates().renewed_certificate, Certificates().renewed_key);
  server.Signal(SIGHUP);
  std::string subject;
  for (int i = 0; i < 100 && subject.find("renewed") == std::string::npos; ++i) {
    SleepMs(20);
    HttpConnection fresh(server.port(), HttpsClientOptions());
    subject = fresh.PeerCertificateSubject();
  }
  EXPECT_NE(subject.find("renewed"), std::string::npos) << subject;
  SleepMs(300);
  stop = true;
  for (auto& client : clients) client.join();
  EXPECT_GT(accepted.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  // The connection opened before the reload goes on with the old certificate.
  EXPECT_EQ(open_before.Send("GET", "/healthz").status, 200);
  EXPECT_NE(server.Stderr().find("read again for new connections"), std::string::npos);
}

TEST(Tls, ABadFileOnSighupKeepsThePreviousCertificate) {
  ServedFiles files;
  ServerProcess server(ServeFiles(files));
  WriteFile(files.certificate, "not a certificate\n");
  server.Signal(SIGHUP);
  SleepMs(300);
  EXPECT_EQ(HealthzStatus(server.port(), HttpsClientOptions()), 200);
  std::string log = server.Stderr();
  EXPECT_NE(log.find("TLS files not reloaded"), std::string::npos) << log;
  EXPECT_NE(log.find(files.certificate), std::string::npos) << log;
}

TEST(Tls, StartIsRefusedNamingTheFile) {
  TempDir temp;
  std::string missing = temp.File("missing.pem");
  struct Case {
    std::vector<std::string> args;
    std::string named;
  };
  const std::vector<Case> cases = {
      {{"--set", "server.tlsCertificate=" + Certificates().server_certificate}, "tlsPrivateKey"},
      {{"--set", "server.tlsCertificate=" + missing, "--set",
        "server.tlsPrivateKey=" + Certificates().server_key},
       missing},
      {{"--set", "server.tlsCertificate=" + Certificates().server_certificate, "--set",
        "server.tlsPrivateKey=" + Certificates().client_key},
       Certificates().client_key},
      {{"--set", "server.tlsCertificate=" + Certificates().server_key, "--set",
        "server.tlsPrivateKey=" + Certificates().server_key},
       Certificates().server_key},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--data-dir",
                                     temp.File("data")};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CommandResult result = RunInlet(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(c.named), std::string::npos) << result.err;
  }
}

TEST(Tls, PlainHttpOnANonLoopbackAddressIsWarnedAbout) {
  ServerProcess server(ServeArgs({"--listen", "0.0.0.0:0"}));
  EXPECT_NE(server.Stderr().find("serving plain HTTP on 0.0.0.0"), std::string::npos)
      << server.Stderr();
  ServerProcess local;
  EXPECT_EQ(local.Stderr().find("serving plain HTTP"), std::string::npos);
}

}  // namespace
}  // namespace inlet::testing
