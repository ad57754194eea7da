#include <catch2/catch.hpp>

#include "tools/core/time.hpp"
#include "tools/core/utf8.hpp"

TEST_CASE("ISO-8601 times parse to UTC milliseconds", "[tools][core]") {
    CHECK(*tools::parse_iso8601("1970-01-01T00:00:00Z") == 0);
    CHECK(*tools::parse_iso8601("2025-06-01T12:00:00.123Z") == 1748779200123);
    CHECK(*tools::parse_iso8601("2025-06-01T14:00:00+02:00") == 1748779200000);
    CHECK(*tools::parse_iso8601("2025-06-01T07:30:00-0430") == 1748779200000);
    CHECK(*tools::parse_iso8601("2025-06-01") == 1748736000000);
    CHECK(*tools::parse_iso8601("2024-02-29T00:00:00Z") == 1709164800000);
    for (const char* bad : {"", "yesterday", "2025-13-01", "2025-06-01T25:00:00Z", "2025-06-01T12:00:00Q",
                            "2025-06-01T12", "2025-06-01T12:00:00.Z"}) {
        INFO(bad);
        CHECK_FALSE(tools::parse_iso8601(bad));
    }
}

TEST_CASE("times print back as ISO-8601", "[tools][core]") {
    CHECK(tools::format_iso8601(1748779200123) == "2025-06-01T12:00:00.123Z");
    CHECK(tools::format_iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(tools::format_minute(1748779200123) == "2025-06-01 12:00");
    const tools::TimeMs now = tools::now_ms();
    CHECK(*tools::parse_iso8601(tools::format_iso8601(now)) == now);
}

TEST_CASE("durations", "[tools][core]") {
    CHECK(*tools::parse_duration("30s") == 30000);
    CHECK(*tools::parse_duration("15m") == 900000);
    CHECK(*tools::parse_duration("4h") == 4 * 3600000);
    CHECK(*tools::parse_duration("2d") == 2 * 86400000);
    CHECK(*tools::parse_duration("1w") == 7 * 86400000LL);
    for (const char* bad : {"", "h", "4", "-4h", "0h", "4x", "4hh", "1.5h"}) {
        INFO(bad);
        CHECK_FALSE(tools::parse_duration(bad));
    }
}

TEST_CASE("UTF-8 validation and repair", "[tools][core]") {
    CHECK(tools::is_valid_utf8("plain"));
    CHECK(tools::is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
    CHECK_FALSE(tools::is_valid_utf8("\xff"));
    CHECK_FALSE(tools::is_valid_utf8("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(tools::is_valid_utf8("\xED\xA0\x80"));  // UTF-16 surrogate
    CHECK_FALSE(tools::is_valid_utf8("\xE2\x82"));      // truncated
    CHECK(tools::sanitize_utf8("a\xff"
                               "b") ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(tools::is_valid_utf8(tools::sanitize_utf8("\xE2\x82\xC0\xAF\xff")));
}

TEST_CASE("cutting text never splits a code point", "[tools][core]") {
    const std::string text =
        "ab\xC3\xA9"
        "cd";  // "abécd"
    CHECK(tools::utf8_prefix(text, 3) == "ab");
    CHECK(tools::utf8_prefix(text, 4) == "ab\xC3\xA9");
    CHECK(tools::utf8_length(text) == 5);
    CHECK(tools::truncate_chars(text, 3) == "ab\xC3\xA9\xE2\x80\xA6");
    CHECK(tools::truncate_chars(text, 5) == text);
    CHECK(tools::collapse_whitespace("  a \n\t b  ") == "a b");
}

TEST_CASE("ISO-8601 parsing checks every field's range", "[tools][core]") {
    for (const char* bad :
         {"2026-02-30", "2025-02-29", "2026-04-31", "2026-00-01", "2026-01-00", "2026-01-01T24:00:00Z",
          "2026-01-01T12:60Z", "2026-01-01T12:00:61Z", "2026-01-01T12:00:00+99:99",
          "2026-01-01T12:00:00+24:00", "2026-01-01T12:00:00-05:60", "2026-01-01T12:00:00+5:00",
          "2026-01-01T12:00:00+05:0"}) {
        INFO(bad);
        auto time = tools::parse_iso8601(bad);
        REQUIRE_FALSE(time);
        CHECK(time.error().code == tools::ErrorCode::invalid_argument);
    }
    CHECK(tools::parse_iso8601("2026-02-30").error().message.find("no such date") != std::string::npos);
    CHECK(*tools::parse_iso8601("2000-02-29T23:59:59.999+23:59") ==
          *tools::parse_iso8601("2000-02-29T00:00:59.999Z"));
    CHECK(*tools::parse_iso8601("0000-01-01T00:00:00Z") == -62167219200000);
    CHECK(*tools::parse_iso8601("9999-12-31T23:59:59.999999Z") == 253402300799999);
    // A hostile text is quoted in the message only in part.
    const std::string huge(1 << 20, '9');
    CHECK(tools::parse_iso8601(huge).error().message.size() < 300);
}

TEST_CASE("durations never overflow", "[tools][core]") {
    for (const char* bad :
         {"9223372036854775807w", "9223372036854775807s", "99999999999999999999h", "521776w"}) {
        INFO(bad);
        auto duration = tools::parse_duration(bad);
        REQUIRE_FALSE(duration);
        CHECK(duration.error().message.find("too long") != std::string::npos);
    }
    CHECK(*tools::parse_duration("521775w") <= tools::kMaxDurationMs);
    CHECK(tools::format_iso8601(tools::now_ms() - tools::kMaxDurationMs).size() >= 24);
    CHECK(tools::format_iso8601(-1) == "1969-12-31T23:59:59.999Z");
}
