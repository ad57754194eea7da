// Times as milliseconds since the Unix epoch (UTC), parsed from and printed as ISO-8601, and the
// durations of a `since` argument. Every input may come from a client or a hostile file: parsing checks
// each field's range (a real calendar date, 00:00–23:59, offsets up to ±23:59) and never overflows.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools {

using TimeMs = std::int64_t;

// The longest duration parse_duration accepts: 10,000 years (so now minus it still prints as a date).
inline constexpr TimeMs kMaxDurationMs = 10000LL * 146097 / 400 * 86400000;

// Accepts "2025-06-01", "2025-06-01T12:00:00", fractional seconds, and "Z" or "+hh:mm"/"-hhmm" offsets
// (no offset means UTC). The date must exist (no 2026-02-30), hours are 00–23, minutes 00–59, seconds
// 00–60 (a leap second), offsets at most 23:59. Anything else is ErrorCode::invalid_argument with a
// message saying what is wrong.
Result<TimeMs> parse_iso8601(std::string_view text);

// "2025-06-01T12:00:00.123Z".
std::string format_iso8601(TimeMs time);

// "2025-06-01 12:00" (UTC), for human-readable transcripts.
std::string format_minute(TimeMs time);

// "30s", "15m", "4h", "2d", "1w" (a positive whole number and one unit) as milliseconds, at most
// kMaxDurationMs; invalid_argument otherwise.
Result<TimeMs> parse_duration(std::string_view text);

TimeMs now_ms();

}  // namespace tools
