// Status and Result<T>: expected failures as values.
//
// A Status is either ok or carries a code, a stable kebab-case message id (the
// `messageId` clients see, e.g. "endpoint-not-found") and a human message that says
// what went wrong and what to do. The http module maps codes to HTTP statuses in one
// table; nothing below it knows about HTTP.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace inlet {

enum class StatusCode {
  kOk,
  kInvalidArgument,   // the caller sent something unusable (400)
  kUnauthenticated,   // who are you? (401)
  kPermissionDenied,  // known, but not allowed (403)
  kNotFound,          // (404)
  kMethodNotAllowed,  // (405)
  kConflict,          // the state forbids it right now (409)
  kGone,              // it was there once and is no more (410)
  kPayloadTooLarge,   // (413)
  kUnsupportedMedia,  // (415)
  kUnprocessable,     // well-formed but contradicts earlier state (422)
  kUnavailable,       // try again later (503)
  kStorageFull,       // the disk is full: try again once space is freed (507)
  kInternal,          // a bug or an environment failure (500)
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string id, std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(id), std::move(msg)};
  }
  static Status Unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, "unauthenticated", std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, "forbidden", std::move(msg)};
  }
  static Status NotFound(std::string id, std::string msg) {
    return {StatusCode::kNotFound, std::move(id), std::move(msg)};
  }
  static Status Conflict(std::string id, std::string msg) {
    return {StatusCode::kConflict, std::move(id), std::move(msg)};
  }
  static Status Unavailable(std::string id, std::string msg) {
    return {StatusCode::kUnavailable, std::move(id), std::move(msg)};
  }
  static Status Internal(std::string msg) {
    return {StatusCode::kInternal, "internal-error", std::move(msg)};
  }

  Status(StatusCode code, std::string message_id, std::string message)
      : code_(code), message_id_(std::move(message_id)), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message_id() const { return message_id_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with where it happened, keeping code and id.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return {code_, message_id_, context + ": " + message_};
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_id_;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(value_);
  }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace inlet

// Early return of a failed Status from a function returning Status or Result<T>.
#define INLET_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::inlet::Status inlet_status_ = (expr);        \
    if (!inlet_status_.ok()) return inlet_status_; \
  } while (0)

// Declares `lhs` from the value of a Result<T> expression, or returns its failed Status
// from the enclosing function (which returns Status or Result<U>):
//   INLET_ASSIGN_OR_RETURN(auto endpoint, store.FindEndpoint(id));
// It expands to several statements: under an `if`, put it in braces.
#define INLET_ASSIGN_OR_RETURN(lhs, ...) \
  INLET_ASSIGN_OR_RETURN_IMPL_(INLET_STATUS_CONCAT_(inlet_result_, __LINE__), lhs, (__VA_ARGS__))

#define INLET_STATUS_CONCAT_INNER_(a, b) a##b
#define INLET_STATUS_CONCAT_(a, b) INLET_STATUS_CONCAT_INNER_(a, b)
#define INLET_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = expr;                                   \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
