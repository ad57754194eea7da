// The Redactor: redact, then cut; only a window of a long text is looked at, and a secret straddling
// the end of that window never shows in part.
#include "tools/secrets/redactor.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../support/temp_dir.hpp"
#include "fake_secrets.hpp"
#include "tools/core/utf8.hpp"

using namespace secrets_test;
using tools::secrets::Redactor;

namespace {

std::string stripe_key(std::uint64_t seed) {
    return join("sk_li", "ve_") + random_chars(kAlnum, 24, seed);
}

// An RSA key block of `lines` 64-character lines: long, and redacted to a short marker.
std::string rsa_key(int lines, std::uint64_t seed) {
    std::string body;
    for (int line = 0; line < lines; ++line) {
        body += random_chars(kBase64, 64, seed + static_cast<std::uint64_t>(line)) + "\n";
    }
    return join("-----BEGIN RSA PRIV", "ATE KEY-----\n") + body + join("-----END RSA PRIV", "ATE KEY-----");
}

}  // namespace

TEST_CASE("line() redacts before it cuts: no part of a secret across the cut shows", "[tools][secrets]") {
    const Redactor redactor;
    const std::string key = stripe_key(1);
    // The key starts 138 characters in; a 160-character cut would keep 22 of its 32 characters.
    const std::string text =
        "Bash: curl -u " + std::string(124, 'x') + " " + key + ": https://api.example.com";
    REQUIRE(text.find(key) == 139);
    const auto shown = redactor.line(text, 160);
    CHECK(shown.count == 1);
    CHECK(shown.text.find(key.substr(0, 12)) == std::string::npos);
    CHECK(shown.text.find(key.substr(8, 6)) == std::string::npos);
    CHECK(shown.text.find("[REDACTED:stripe") != std::string::npos);
    CHECK(tools::utf8_length(shown.text) == 161);  // 160 characters and the ellipsis
    // Whitespace is collapsed and short text is left whole.
    CHECK(redactor.line("  make \n\n test  ", 160).text == "make test");
    CHECK(redactor.line("abc", 2).text == "ab\xE2\x80\xA6");
}

TEST_CASE("a long text is redacted in a window: the shown part plus the margin", "[tools][secrets]") {
    const Redactor redactor;
    const std::string early = github_token(2);
    const std::string late = github_token(3);
    std::string text = "prompt " + early + " ";
    text += std::string(3u << 20, ' ');  // 3 MB later, far past any window
    text += late + " end";
    const auto head = redactor.head(text, 1000);
    CHECK(head.count == 1);
    CHECK(head.scanned < 1000 + Redactor::kMarginBytes + 16);
    CHECK(head.text.find("[REDACTED:github-pat]") != std::string::npos);
    const auto shown = redactor.line(text, 200);
    CHECK(shown.count == 1);
    CHECK(shown.text == "prompt [REDACTED:github-pat]\xE2\x80\xA6");
}

TEST_CASE("a secret straddling the end of the window is taken whole or left out whole", "[tools][secrets]") {
    const Redactor redactor;
    const std::string token = github_token(4);
    // A key block much longer than its marker, so the shown characters reach the end of the window,
    // where a token of 40 characters straddles it.
    const std::size_t shown_bytes = 200 * 4;
    const std::size_t window_end = shown_bytes + Redactor::kMarginBytes;
    const std::string key = rsa_key(static_cast<int>((window_end - 100) / 65), 10);
    std::string text = "see " + key + " ";
    REQUIRE(text.size() < window_end - 20);
    REQUIRE(text.size() > window_end - 120);
    text += std::string(window_end - 20 - text.size(), 'y') + " " + token + " tail";
    REQUIRE(text.find(token) < window_end);
    REQUIRE(text.find(token) + token.size() > window_end);

    CHECK(Redactor::window(text, shown_bytes).size() == text.find(token) + token.size());
    const auto shown = redactor.line(text, 200);
    CHECK(shown.count == 2);
    CHECK(shown.text.find(token.substr(0, 8)) == std::string::npos);
    CHECK(shown.text.find("[REDACTED:github-pat]") != std::string::npos);

    // A token too long to take whole is left out: nothing of it is shown, redacted or not.
    const std::string huge = github_token(5) + std::string(Redactor::kMaxTokenBytes + 10, 'Z');
    std::string long_text =
        "see " + key + " " + std::string(window_end - 20 - key.size() - 5, 'y') + " " + huge;
    const std::string_view window = Redactor::window(long_text, shown_bytes);
    CHECK(window.size() == long_text.find(huge));
    const auto left_out = redactor.line(long_text, 200);
    CHECK(left_out.text.find(join("gh", "p_")) == std::string::npos);
    CHECK(left_out.text.substr(left_out.text.size() - 3) == "\xE2\x80\xA6");
}

TEST_CASE("a Redactor for a project uses that project's allowlist", "[tools][secrets]") {
    const test_support::TempDir temp("cs-redactor");
    const std::string token = github_token(6);
    const std::string text = "use " + token;
    CHECK(Redactor::for_project(temp.path()).redact(text).text == "use [REDACTED:github-pat]");
    CHECK(Redactor::for_project(temp.path()).stamp().empty());

    const auto allow_file = tools::secrets::Allowlist::project_file(temp.path());
    const auto allow = tools::secrets::Allowlist::load(allow_file);
    REQUIRE(allow);
    REQUIRE(tools::secrets::Allowlist::append(allow_file, allow->salt(),
                                              {{"github-pat", allow->hash("github-pat", token), "test"}}));
    const Redactor allowing = Redactor::for_project(temp.path());
    CHECK(allowing.redact(text).text == text);
    CHECK(allowing.redact(text).count == 0);
    CHECK_FALSE(allowing.stamp().empty());
    // A Redactor without an allowlist (another project's) still redacts it.
    CHECK(Redactor().redact(text).text == "use [REDACTED:github-pat]");
}

TEST_CASE("a Redactor for a project is current until its allowlist file changes", "[tools][secrets]") {
    const test_support::TempDir temp("cs-redactor-current");
    const std::string token = github_token(7);
    const Redactor before = Redactor::for_project(temp.path());
    CHECK(before.current());  // no file, and still none

    const auto allow_file = tools::secrets::Allowlist::project_file(temp.path());
    const auto allow = tools::secrets::Allowlist::load(allow_file);
    REQUIRE(allow);
    REQUIRE(tools::secrets::Allowlist::append(allow_file, allow->salt(),
                                              {{"github-pat", allow->hash("github-pat", token), "test"}}));
    CHECK_FALSE(before.current());
    const Redactor after = Redactor::for_project(temp.path());
    CHECK(after.current());
    CHECK(after.redact("use " + token).text == "use " + token);

    std::filesystem::remove(allow_file);
    CHECK_FALSE(after.current());
    CHECK(Redactor().current());  // built from no project: nothing to watch
}
