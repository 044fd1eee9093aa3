// The last line of defence of a thread of our own (the store's writer, the search
// follower, the savers, the processor, work queues): an exception that escapes a
// thread's function ends the process with std::terminate. Expected failures are Status
// values already; what is left is a bug or an exhausted allocator, which such a thread
// turns into a failed Status, logs, and survives.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "inlet/common/status.h"

namespace inlet {

// Runs `work` (returning Status or Result<T>) and gives an exception escaping it back as
// kInternal "<what>: <the exception's text>".
template <typename Work>
auto CatchAll(std::string_view what, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const std::exception& e) {
    return Status::Internal(std::string(what) + ": " + e.what());
  } catch (...) {
    return Status::Internal(std::string(what) + ": an exception of unknown type");
  }
}

}  // namespace inlet
