// Scenario 8: scenario 1's and 2's shapes over HTTPS against a second server, the same
// but for its certificate, each judged by its ratio to the plain result of this run.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "bench.h"
#include "checks.h"
#include "tls_files.h"

namespace inlet::bench {
namespace {

// What the handshakes since `before` negotiated, e.g. "16 × TLSv1.3,
// TLS_AES_256_GCM_SHA384, X25519".
std::string NegotiatedSince(const TlsClient& tls, const std::map<std::string, int64_t>& before) {
  std::string text;
  for (const auto& [what, count] : tls.Negotiated()) {
    auto earlier = before.find(what);
    const int64_t since = count - (earlier == before.end() ? 0 : earlier->second);
    if (since == 0) continue;
    if (!text.empty()) text += "; ";
    text += Format("%lld × %s", static_cast<long long>(since), what.c_str());
  }
  return text.empty() ? "no handshake" : text;
}

struct OverTls {
  ShapeResult result;
  std::string handshakes;  // how many the load made, for how many connections, and what
};

// Runs `shape` over TLS; every handshake must succeed.
OverTls RunOverTls(Bench& over_tls, const Shape& shape) {
  TlsClient& tls = *over_tls.tls;
  const int64_t handshakes = tls.handshakes();
  const int64_t failed = tls.failed_handshakes();
  const auto negotiated = tls.Negotiated();
  OverTls run{RunShape(over_tls, shape), ""};
  Expect(
      tls.failed_handshakes() == failed, shape.name,
      Format("%lld TLS handshake(s) failed, the first: %s",
             static_cast<long long>(tls.failed_handshakes() - failed), tls.FirstFailure().c_str()));
  // A connection opens (and shakes hands) on its first request; with fewer requests than
  // connections, some never do.
  const int64_t requests = (shape.range.count + shape.per_request - 1) / shape.per_request;
  run.handshakes = Format("%lld TLS handshakes for %lld connections (%s)",
                          static_cast<long long>(tls.handshakes() - handshakes),
                          static_cast<long long>(std::min<int64_t>(shape.connections, requests)),
                          NegotiatedSince(tls, negotiated).c_str());
  return run;
}

}  // namespace

void RunTls(Bench& bench) {
  const Options& o = bench.options;
  const std::string dir = o.work_dir + "/tls";
  std::filesystem::create_directory(dir);
  const TlsFiles files = MakeTlsFiles(dir);
  // What the stopped server left for the kernel to write back must not slow this one's
  // fsyncs: scenario 1 met a quiet disk too.
  ::sync();
  std::vector<std::string> args = o.server_args;
  args.insert(args.end(), {"--set", "server.tlsCertificate=" + files.certificate, "--set",
                           "server.tlsPrivateKey=" + files.key});
  Server server(o.inlet, dir, args);
  std::printf(
      "scenario 8: server pid %d on https://127.0.0.1:%u, the same settings but for an ECDSA "
      "P-256 certificate of a throw-away CA\n",
      static_cast<int>(server.pid()), server.port());
  std::fflush(stdout);
  TlsClient tls(files.ca);
  RunAgainst(server, [&] {
    CheckDurability(server);
    Api api({server.port(), &tls}, server.admin_token());
    Bench over_tls(o, server, api, api.CreateIngestToken());
    over_tls.tls = &tls;
    over_tls.ceiling_b = bench.ceiling_b;

    const Shape batches{.name = Format("8a TLS, batches of %lld, %d connections",
                                       static_cast<long long>(o.batch), o.batch_connections),
                        .endpoint_prefix = "s8a",
                        .range = {kTlsBatchStream, 0, o.s1_records},
                        .per_request = o.batch,
                        .connections = o.batch_connections,
                        .count_commits = true};
    const auto [a, a_handshakes] = RunOverTls(over_tls, batches);
    const double a_ratio = bench.batch_rate > 0 ? a.row.records_per_s / bench.batch_rate : -1;
    Row row_a = a.row;
    row_a.target = Format("≥ 0.80 × scenario 1 (%.0f rec/s)", 0.8 * bench.batch_rate);
    row_a.met = a_ratio >= 0.8;
    row_a.note = Format("%.2f × scenario 1 (%.0f rec/s in this run); ", a_ratio, bench.batch_rate) +
                 a_handshakes + "; " + a.cores + "; " + a.stored +
                 Format(
                     "; about %lld records per commit; the search index was %lld records behind "
                     "when the load ended",
                     static_cast<long long>(a.commits > 0 ? a.load.records / a.commits : -1),
                     static_cast<long long>(a.index_lag));
    bench.report.Add(row_a);

    const Shape singles{
        .name = Format("8b TLS, 1 record per request, %d connections", o.single_connections),
        .endpoint_prefix = "s8b",
        .range = {kTlsSingleStream, 0, o.s2_requests},
        .per_request = 1,
        .connections = o.single_connections,
        .count_commits = true,
        .not_before = a.ended + bench.batch_to_single};
    const auto [b, b_handshakes] = RunOverTls(over_tls, singles);
    const double b_ratio = bench.single_rate > 0 ? b.row.requests_per_s / bench.single_rate : -1;
    Row row_b = b.row;
    row_b.note =
        Format(
            "%.2f × scenario 2 (%.0f req/s in this run); started %.1f s after 8a's "
            "load (2: %.1f s after 1's); ",
            b_ratio, bench.single_rate, std::chrono::duration<double>(b.started - a.ended).count(),
            std::chrono::duration<double>(bench.batch_to_single).count()) +
        b_handshakes + "; " + b.cores + "; " + CommitCycle(b) + "; " + b.stored;
    bench.report.Add(row_b);
  });
  StopServer(server);
}

}  // namespace inlet::bench
