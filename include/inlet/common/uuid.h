// UUIDs in their canonical lower-case text form (8-4-4-4-12).
//
// Receipts and records use version 7 (RFC 9562): the first 48 bits are the Unix time in
// milliseconds, so ids generated later sort later and any index on them grows at its end.
// Within one millisecond a process-wide counter keeps them strictly increasing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inlet {

// A random (version 4) UUID, e.g. for endpoints and tokens.
std::string NewUuidV4();

// A time-ordered (version 7) UUID; strictly increasing within this process. Its random
// bits come from a per-thread buffer of CSPRNG output, so a process that forks must not
// make ids in the child before exec (inlet never forks).
std::string NewUuidV7();

// Lower-cases and validates a UUID given in any case; nullopt when `text` is not one.
std::optional<std::string> NormalizeUuid(std::string_view text);

}  // namespace inlet
