// Vocabulary shared by every module: processing modes and endpoint states (SPEC §3, §5).
#pragma once

#include <optional>
#include <string_view>

namespace inlet {

enum class ProcessingMode { kManual, kAutomatic, kBridge };

// "manual" | "automatic" | "bridge".
std::string_view ToString(ProcessingMode mode);
std::optional<ProcessingMode> ParseProcessingMode(std::string_view text);

// no-data-sent until a record is accepted, then not-processed, processing, processed.
enum class EndpointStatus { kNoDataSent, kNotProcessed, kProcessing, kProcessed };

std::string_view ToString(EndpointStatus status);
std::optional<EndpointStatus> ParseEndpointStatus(std::string_view text);

}  // namespace inlet
