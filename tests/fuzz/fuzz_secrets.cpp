// Fuzzes secret detection and redaction (tools/secrets/scanner.*) on arbitrary bytes: any text a
// transcript, a tool argument or a scanned file may hold, invalid UTF-8 and JSON escapes included.
//
// Beyond "no sanitizer report", a finding must lie inside the text, findings must come in order without
// overlapping, line and column must match the offset, and redaction must replace exactly the
// findings. The Redactor, the path every transcript-derived string takes before leaving the process,
// must agree with the scanner, and its one-line and windowed forms must stay within their contracts.
// The allowlist file of a cloned repo is parsed too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "tools/core/utf8.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/secrets/scanner.hpp"

using tools::secrets::Allowlist;
using tools::secrets::Scanner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Scanner& scanner = Scanner::instance();

    const auto findings = scanner.scan(text);
    std::string expected;
    std::size_t copied = 0;
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (const auto& f : findings) {
        FUZZ_CHECK(f.length > 0);
        FUZZ_CHECK(f.offset >= copied);  // in order, no overlap
        FUZZ_CHECK(f.offset + f.length <= text.size());
        for (std::size_t i = copied; i < f.offset; ++i) {
            if (text[i] == '\n') {
                ++line;
                line_start = i + 1;
            }
        }
        FUZZ_CHECK(f.line == line);
        FUZZ_CHECK(f.column == f.offset - line_start + 1);
        FUZZ_CHECK(!f.rule_id.empty());
        // The finding's own bytes count for the line of the next one.
        for (std::size_t i = f.offset; i < f.offset + f.length; ++i) {
            if (text[i] == '\n') {
                ++line;
                line_start = i + 1;
            }
        }
        expected.append(text.substr(copied, f.offset - copied));
        expected += "[REDACTED:" + f.rule_id + "]";
        copied = f.offset + f.length;
    }
    expected.append(text.substr(copied));

    const auto redaction = scanner.redact(text);
    FUZZ_CHECK(redaction.count == findings.size());
    FUZZ_CHECK(redaction.text == expected);

    const tools::secrets::Redactor redactor;  // no allowlist: every finding is redacted
    FUZZ_CHECK(redactor.redact(text).text == expected);
    const std::size_t max_chars = 1 + size % 200;
    const auto one_line = redactor.line(text, max_chars);
    FUZZ_CHECK(tools::is_valid_utf8(one_line.text));
    FUZZ_CHECK(tools::utf8_length(one_line.text) <= max_chars + 1);  // + the "…" of a cut
    FUZZ_CHECK(one_line.text.find('\n') == std::string::npos);
    const auto head = redactor.head(text, max_chars);
    FUZZ_CHECK(head.scanned <= text.size());
    if (head.scanned == text.size()) {
        FUZZ_CHECK(head.text == expected);
    }

    // The allowlist file of a cloned repo is hostile input too.
    const Allowlist parsed = Allowlist::parse(text);
    FUZZ_CHECK(parsed.size() <= text.size() / 32);
    return 0;
}
