// When `inlet post` sends a batch again, and how long it waits first (SPEC §9): the
// server's 503 and 429 (and a proxy's 502 and 504), a retry that found its first attempt
// still in flight (409 idempotency-key-in-flight), and connections that failed. Every
// batch carries an Idempotency-Key, so a retry of a batch the server did store is
// answered from that first answer, never stored twice.
#pragma once

#include <chrono>
#include <string_view>

namespace inlet::cli {

// A Retry-After larger than this is waited for this long only.
inline constexpr std::chrono::seconds kMaxRetryWait{300};

// `status` 0: no answer came (the connection failed). `message_id`: the answer's first
// error's messageId, "" when it has none.
bool ShouldRetry(int status, std::string_view message_id);

// True for a refusal the server paces with Retry-After (503, 429, a 409 in flight): the
// server is there and says when to come back, so such retries are flow control, bounded
// by time (--retry-for), not counted against --retries as failures are. A busy server
// must not make a long load give up while every batch is still on its way in.
bool PacedByServer(int status, std::string_view retry_after);

// How long to wait before retry number `retry` (1 for the first): the answer's
// Retry-After when it gives whole seconds; otherwise 0.5 s doubled per retry up to 30 s.
// Either way plus up to a quarter more, from `jitter` in [0, 1), so that parallel
// senders refused together do not all come back in the same instant.
std::chrono::milliseconds RetryWait(int retry, std::string_view retry_after, double jitter);

}  // namespace inlet::cli
