#include "tools/core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace tools {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month, day, hour, minute, second, milli;
};

Civil civil_from_ms(TimeMs time) {
    std::int64_t days = time / 86400000;
    std::int64_t rest = time % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    const auto r = static_cast<unsigned>(rest);
    return {y, m, d, r / 3600000, (r / 60000) % 60, (r / 1000) % 60, r % 1000};
}

bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, unsigned& out) {
    if (pos + count > text.size()) {
        return false;
    }
    unsigned value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    pos += count;
    out = value;
    return true;
}

}  // namespace

Result<TimeMs> parse_iso8601(std::string_view text) {
    const auto bad = [&] {
        return make_error(ErrorCode::invalid_argument, "not an ISO-8601 time: '" + std::string(text) + "'");
    };
    std::size_t pos = 0;
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, milli = 0;
    if (!read_digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
        !read_digits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
        !read_digits(text, pos, 2, day)) {
        return bad();
    }
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        ++pos;
        if (!read_digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
            !read_digits(text, pos, 2, minute)) {
            return bad();
        }
        if (pos < text.size() && text[pos] == ':') {
            ++pos;
            if (!read_digits(text, pos, 2, second)) {
                return bad();
            }
            if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                ++pos;
                unsigned scale = 100;
                const std::size_t start = pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                    milli += static_cast<unsigned>(text[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
                if (pos == start) {
                    return bad();
                }
            }
        }
    }
    std::int64_t offset_minutes = 0;
    if (pos < text.size()) {
        const char sign = text[pos++];
        if (sign == 'Z' || sign == 'z') {
            // UTC
        } else if (sign == '+' || sign == '-') {
            unsigned oh = 0, om = 0;
            if (!read_digits(text, pos, 2, oh)) {
                return bad();
            }
            if (pos < text.size() && text[pos] == ':') {
                ++pos;
            }
            if (!read_digits(text, pos, 2, om)) {
                return bad();
            }
            offset_minutes = (sign == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
        } else {
            return bad();
        }
    }
    if (pos != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        return bad();
    }
    const std::int64_t days = days_from_civil(year, month, day);
    return ((days * 24 + hour) * 60 + minute - offset_minutes) * 60000 + std::int64_t{second} * 1000 + milli;
}

std::string format_iso8601(TimeMs time) {
    const Civil c = civil_from_ms(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                  static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second, c.milli);
    return buffer;
}

std::string format_minute(TimeMs time) {
    const Civil c = civil_from_ms(time);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u %02u:%02u", static_cast<long long>(c.year),
                  c.month, c.day, c.hour, c.minute);
    return buffer;
}

Result<TimeMs> parse_duration(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::size_t digits = static_cast<std::size_t>(end - text.data());
    if (ec != std::errc() || digits == 0 || digits + 1 != text.size() || value <= 0) {
        return make_error(ErrorCode::invalid_argument,
                          "not a duration: '" + std::string(text) + "' (expected e.g. 30m, 4h, 2d, 1w)");
    }
    std::int64_t unit = 0;
    switch (text.back()) {
        case 's':
            unit = 1000;
            break;
        case 'm':
            unit = 60000;
            break;
        case 'h':
            unit = 3600000;
            break;
        case 'd':
            unit = 86400000;
            break;
        case 'w':
            unit = 7 * 86400000LL;
            break;
        default:
            return make_error(ErrorCode::invalid_argument,
                              "unknown duration unit in '" + std::string(text) + "' (use s, m, h, d or w)");
    }
    return value * unit;
}

TimeMs now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tools
