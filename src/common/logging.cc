#include "inlet/common/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "common/batched_stderr_sink.h"
#include "inlet/common/hex.h"
#include "inlet/common/json_text.h"

namespace inlet {
namespace {

// `%*` in a pattern: the message, escaped for a JSON string.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string escaped = JsonEscape(std::string(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

// `%*` in the text pattern: the message with control characters escaped, so a message
// holds one line whatever a client put into it (a path with %0A would otherwise start a
// forged line).
class TextMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string escaped =
        EscapeControlCharacters(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<TextMessageFlag>();
  }
};

// The request lines' logger: the default logger's level and shape, a batching sink.
std::atomic<std::shared_ptr<spdlog::logger>> request_logger;

// Lines of one request each arrive thousands of times a second under load; gathered for
// this long they cost one write per batch instead of one per line.
constexpr std::chrono::milliseconds kRequestLineDelay{5};
constexpr size_t kRequestLineBatchBytes = 64 * 1024;

std::unique_ptr<spdlog::pattern_formatter> Formatter(LogFormat format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc,
                                                               spdlog::details::os::default_eol);
  if (format == LogFormat::kJson) {
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%*"})");
  } else {
    formatter->add_flag<TextMessageFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %*");
  }
  return formatter;
}

}  // namespace

Status ConfigureLogging(const std::string& level, LogFormat format) {
  auto parsed = spdlog::level::from_str(level);
  // from_str answers "off" for anything it does not know, so only a literal "off" may.
  if (parsed == spdlog::level::off && level != "off") {
    return Status::InvalidArgument("config-invalid-value", "unknown log level \"" + level + "\"");
  }
  auto logger = std::make_shared<spdlog::logger>(
      "inlet", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_formatter(Formatter(format));
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  auto requests = std::make_shared<spdlog::logger>(
      "inlet", std::make_shared<BatchedStderrSink>(kRequestLineDelay, kRequestLineBatchBytes));
  requests->set_formatter(Formatter(format));
  requests->set_level(parsed);
  FlushRequestLog();
  request_logger.store(std::move(requests));
  spdlog::set_default_logger(std::move(logger));
  return Status::Ok();
}

void LogRequest(std::string_view line) {
  auto logger = request_logger.load();
  if (logger) {
    logger->info(line);
  } else {
    spdlog::info(line);
  }
}

void FlushRequestLog() {
  if (auto logger = request_logger.load()) logger->flush();
}

std::string JsonEscape(const std::string& text) {
  std::string quoted;
  quoted.reserve(text.size() + 8);
  AppendJsonString(quoted, text);
  return quoted.substr(1, quoted.size() - 2);
}

std::string EscapeControlCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += "\\x";
      AppendHexByte(out, byte);
    }
  }
  return out;
}

}  // namespace inlet
