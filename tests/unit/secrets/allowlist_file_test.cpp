// The allowlist file comes from the project's repo, so it may be anything a clone can carry.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "../support/temp_dir.hpp"
#include "tools/secrets/allowlist.hpp"

namespace fs = std::filesystem;
using tools::secrets::Allowlist;

namespace {

const std::string kHash(32, 'a');

}  // namespace

TEST_CASE("an allowlist that is a device, a FIFO or huge is refused, not read", "[tools][secrets]") {
    test_support::TempDir temp;
    const fs::path zero = temp.path() / "zero";
    fs::create_symlink("/dev/zero", zero);
    const fs::path fifo = temp.path() / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path huge = temp.path() / "huge";
    std::ofstream(huge).close();
    fs::resize_file(huge, 2ull << 30);
    for (const fs::path& file : {zero, fifo, huge}) {
        INFO(file);
        auto loaded = Allowlist::load(file);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().message.find("allowlist ignored") != std::string::npos);
        auto appended = Allowlist::append(file, Allowlist::Salt{}, {{"github-pat", kHash, "test"}});
        CHECK_FALSE(appended);
    }
    CHECK(fs::is_fifo(fifo));
    CHECK(Allowlist::load(temp.path() / "missing")->empty());
}
