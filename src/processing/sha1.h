// SHA-1 for "hash-sha1:" identifiers (SPEC §4). Not for security: the identifier form is
// the compat contract, and SHA-1 is what it names.
#pragma once

#include <string>
#include <string_view>

namespace inlet::processing {

// Lower-case hex (40 characters) of the SHA-1 of `data`.
std::string Sha1Hex(std::string_view data);

}  // namespace inlet::processing
