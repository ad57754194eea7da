// The allowlist file: v2 entries (salted scrypt per file), the salt line, v1 entries still honoured,
// and what a committed file gives away (no value, no fast hash).
#include "tools/secrets/allowlist.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/temp_dir.hpp"
#include "fake_secrets.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/scanner.hpp"

using namespace secrets_test;
using tools::secrets::Allowlist;
using tools::secrets::Scanner;

namespace {

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("allowlist: accepted findings are dropped: the file round-trips with its salt",
          "[tools][secrets]") {
    const test_support::TempDir temp("cs-secrets-allowlist");
    const auto dir = temp.path() / "project";
    const auto file = Allowlist::project_file(dir);
    CHECK(file == dir / ".claude" / "context-sync-allow");

    const auto target = Allowlist::load(file);
    REQUIRE(target);
    CHECK(target->empty());
    CHECK_FALSE(target->has_salt_line());

    const std::string first = github_token(14);
    const std::string text = "A " + first + "\nB " + github_token(15);
    const std::string hash = target->hash("github-pat", first);
    CHECK(hash == tools::secrets::allowlist_hash(target->salt(), "github-pat", first));
    const auto added =
        Allowlist::append(file, target->salt(), {{"github-pat", hash, "github-pat at test:1"}});
    REQUIRE(added);
    CHECK(*added == 1);
    const auto again = Allowlist::append(file, target->salt(), {{"github-pat", hash, "dup"}});
    REQUIRE(again);
    CHECK(*again == 0);

    const std::string content = read(file);
    CHECK(content.find("context-sync-allow v2 salt=" + tools::secrets::to_hex(target->salt()) + "\n") !=
          std::string::npos);
    CHECK(content.find("github-pat " + hash) != std::string::npos);
    CHECK(content.find(first.substr(4, 12)) == std::string::npos);  // never the value

    const auto loaded = Allowlist::load(file);
    REQUIRE(loaded);
    CHECK(loaded->size() == 1);
    CHECK(loaded->salt() == target->salt());
    CHECK(loaded->contains("github-pat", first));
    CHECK_FALSE(loaded->contains("github-oauth-token", first));  // the rule is part of what is hashed
    const auto remaining = Scanner::instance().scan(text, *loaded);
    REQUIRE(remaining.size() == 1);
    CHECK(remaining[0].line == 2);
    CHECK(Scanner::instance().redact(text, *loaded).count == 1);

    // Hashes made with another salt are refused rather than written where they could never match.
    Allowlist other = Allowlist::parse("");
    CHECK_FALSE(Allowlist::append(file, other.salt(), {{"github-pat", other.hash("github-pat", first), ""}}));
}

TEST_CASE("allowlist: the same value in two files has two unrelated hashes", "[tools][secrets]") {
    const std::string weak = join("Summer", "2024!x");
    const Allowlist a = Allowlist::parse("");
    const Allowlist b = Allowlist::parse("");
    CHECK(a.salt() != b.salt());
    CHECK(a.hash("password-assignment", weak) != b.hash("password-assignment", weak));
    CHECK(a.hash("password-assignment", weak) == a.hash("password-assignment", weak));
}

TEST_CASE("allowlist parsing: salt line, v2 and v1 entries, comments, blanks and malformed lines",
          "[tools][secrets]") {
    const std::string salt_hex(32, '7');
    const std::string weak = join("Summer", "2024!x");
    Allowlist reference = Allowlist::parse("context-sync-allow v2 salt=" + salt_hex + "\n");
    REQUIRE(reference.has_salt_line());
    const std::string v2 = reference.hash("password-assignment", weak);
    const std::string v1 = tools::secrets::legacy_fingerprint("github-pat", "legacy-value");

    const auto list =
        Allowlist::parse("# header\n\ncontext-sync-allow v2 salt=" + salt_hex + "\npassword-assignment " +
                         v2 + "  # password-assignment at .env:3\n" + v1 + "\r\nnot-a-fingerprint\n" +
                         std::string(31, 'b') + "\r\nBad_Rule " + std::string(32, 'c') +
                         "\ncontext-sync-allow v2 salt=" + std::string(32, '1') + "\n");
    CHECK(list.size() == 2);
    CHECK(list.legacy_size() == 1);
    CHECK(list.contains("password-assignment", weak));
    CHECK(list.contains("github-pat", "legacy-value"));  // v1 entries keep working
    CHECK_FALSE(list.contains("password-assignment", weak + "y"));
    CHECK(tools::secrets::to_hex(list.salt()) == salt_hex);  // the first salt line wins

    // Entries without a salt line cannot match anything.
    const auto unsalted = Allowlist::parse("password-assignment " + v2 + "\n");
    CHECK_FALSE(unsalted.contains("password-assignment", weak));
}
