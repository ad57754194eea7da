#include "tools/core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace tools {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// Error messages quote the input, but never more than this of it (it may be megabytes).
constexpr std::size_t kQuotedChars = 80;

std::string quoted(std::string_view text) {
    std::string out = "'" + std::string(text.substr(0, kQuotedChars));
    return out + (text.size() > kQuotedChars ? "…'" : "'");
}

struct Civil {
    std::chrono::year_month_day date;
    std::chrono::hh_mm_ss<milliseconds> time{milliseconds(0)};
};

Civil civil_from_ms(TimeMs time) {
    const std::chrono::sys_time<milliseconds> point{milliseconds(time)};
    const sys_days day = std::chrono::floor<days>(point);
    return {std::chrono::year_month_day(day), std::chrono::hh_mm_ss<milliseconds>(point - day)};
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

bool take(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

Result<TimeMs> parse_iso8601(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return make_error(ErrorCode::invalid_argument,
                          "not an ISO-8601 time: " + quoted(text) + " (" + std::string(why) + ")");
    };
    constexpr std::string_view kShape = "expected e.g. 2025-06-01 or 2025-06-01T12:00:00Z";
    std::size_t pos = 0;
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, pos, 4, year) || !take(text, pos, '-') || !read_digits(text, pos, 2, month) ||
        !take(text, pos, '-') || !read_digits(text, pos, 2, day)) {
        return bad(kShape);
    }
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(year)),
                                           std::chrono::month(month), std::chrono::day(day)};
    if (!date.ok()) {
        return bad("no such date");
    }
    milliseconds fraction{0};
    if (take(text, pos, 'T') || take(text, pos, 't') || take(text, pos, ' ')) {
        if (!read_digits(text, pos, 2, hour) || !take(text, pos, ':') || !read_digits(text, pos, 2, minute)) {
            return bad(kShape);
        }
        if (take(text, pos, ':')) {
            if (!read_digits(text, pos, 2, second)) {
                return bad(kShape);
            }
            if (take(text, pos, '.') || take(text, pos, ',')) {
                const std::size_t start = pos;
                int scale = 100;
                for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
                    fraction += milliseconds((text[pos] - '0') * scale);  // digits past the third add 0
                }
                if (pos == start) {
                    return bad(kShape);
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 60) {
            return bad("no such time of day");
        }
    }
    std::chrono::minutes offset{0};
    if (take(text, pos, 'Z') || take(text, pos, 'z')) {
        // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const bool east = text[pos++] == '+';
        unsigned oh = 0, om = 0;
        if (!read_digits(text, pos, 2, oh)) {
            return bad(kShape);
        }
        take(text, pos, ':');
        if (!read_digits(text, pos, 2, om)) {
            return bad(kShape);
        }
        if (oh > 23 || om > 59) {
            return bad("offset out of range");
        }
        offset = std::chrono::hours(oh) + std::chrono::minutes(om);
        offset = east ? offset : -offset;
    }
    if (pos != text.size()) {
        return bad(kShape);
    }
    const auto point = sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                       std::chrono::seconds(second) + fraction - offset;
    return std::chrono::duration_cast<milliseconds>(point.time_since_epoch()).count();
}

std::string format_iso8601(TimeMs time) {
    const Civil c = civil_from_ms(time);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02lld.%03lldZ",
                  static_cast<int>(c.date.year()), static_cast<unsigned>(c.date.month()),
                  static_cast<unsigned>(c.date.day()), static_cast<int>(c.time.hours().count()),
                  static_cast<int>(c.time.minutes().count()),
                  static_cast<long long>(c.time.seconds().count()),
                  static_cast<long long>(c.time.subseconds().count()));
    return buffer;
}

std::string format_minute(TimeMs time) {
    const Civil c = civil_from_ms(time);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d", static_cast<int>(c.date.year()),
                  static_cast<unsigned>(c.date.month()), static_cast<unsigned>(c.date.day()),
                  static_cast<int>(c.time.hours().count()), static_cast<int>(c.time.minutes().count()));
    return buffer;
}

Result<TimeMs> parse_duration(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return make_error(ErrorCode::invalid_argument,
                          "not a duration: " + quoted(text) + " (" + std::string(why) + ")");
    };
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::size_t digits = static_cast<std::size_t>(end - text.data());
    if (ec == std::errc::result_out_of_range) {
        return bad("too long: at most 10000 years");
    }
    if (ec != std::errc() || digits == 0 || digits + 1 != text.size() || value <= 0) {
        return bad("expected a positive whole number and a unit, e.g. 30m, 4h, 2d, 1w");
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
            return bad("unknown unit: use s, m, h, d or w");
    }
    // Checked before multiplying: the product of an unchecked value could overflow.
    if (value > kMaxDurationMs / unit) {
        return bad("too long: at most 10000 years");
    }
    return value * unit;
}

TimeMs now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tools
