// Times as milliseconds since the Unix epoch (UTC), parsed from and printed as ISO-8601.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools {

using TimeMs = std::int64_t;

// Accepts "2025-06-01", "2025-06-01T12:00:00", fractional seconds, and "Z" or "+hh:mm"/"-hhmm" offsets
// (no offset means UTC). Anything else is ErrorCode::invalid_argument.
Result<TimeMs> parse_iso8601(std::string_view text);

// "2025-06-01T12:00:00.123Z".
std::string format_iso8601(TimeMs time);

// "2025-06-01 12:00" (UTC), for human-readable transcripts.
std::string format_minute(TimeMs time);

// "30s", "15m", "4h", "2d", "1w" (a positive whole number and one unit) as milliseconds.
Result<TimeMs> parse_duration(std::string_view text);

TimeMs now_ms();

}  // namespace tools
