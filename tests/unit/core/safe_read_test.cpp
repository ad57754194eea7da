#include "tools/core/safe_read.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "../support/temp_dir.hpp"

namespace fs = std::filesystem;
using tools::ErrorCode;

namespace {

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("read_regular_file reads small regular files, also through a symlink", "[tools][core]") {
    test_support::TempDir temp;
    write(temp.path() / "a", "hello\n");
    fs::create_symlink(temp.path() / "a", temp.path() / "link");
    CHECK(*tools::read_regular_file(temp.path() / "a", 100) == "hello\n");
    CHECK(*tools::read_regular_file(temp.path() / "link", 100) == "hello\n");
    write(temp.path() / "empty", "");
    CHECK(*tools::read_regular_file(temp.path() / "empty", 0) == "");
    auto missing = tools::read_regular_file(temp.path() / "missing", 100);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
    fs::create_symlink(temp.path() / "gone", temp.path() / "dangling");
    CHECK(tools::read_regular_file(temp.path() / "dangling", 100).error().code == ErrorCode::not_found);
}

TEST_CASE("read_regular_file refuses devices, FIFOs, directories and huge files without blocking",
          "[tools][core]") {
    test_support::TempDir temp;
    fs::create_symlink("/dev/zero", temp.path() / "zero");
    fs::create_symlink("/dev/stdin", temp.path() / "stdin");
    REQUIRE(::mkfifo((temp.path() / "fifo").c_str(), 0600) == 0);
    fs::create_symlink(temp.path() / "fifo", temp.path() / "to-fifo");
    { std::ofstream huge(temp.path() / "huge", std::ios::binary); }
    fs::resize_file(temp.path() / "huge", 4ull << 30);  // sparse: 4 GiB that take no disk
    write(temp.path() / "just-over", std::string(101, 'x'));

    const auto start = std::chrono::steady_clock::now();
    for (const char* name : {"zero", "fifo", "to-fifo", "huge", "just-over"}) {
        INFO(name);
        auto result = tools::read_regular_file(temp.path() / name, 100);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::invalid_argument);
        CHECK(result.error().message.find(name) != std::string::npos);
    }
    CHECK_FALSE(tools::read_regular_file(temp.path(), 100));
    // /dev/stdin is a pipe, a tty or /dev/null under ctest: never a read that waits for input.
    auto in = tools::read_regular_file(temp.path() / "stdin", 100);
    if (in) {
        CHECK(in->size() <= 100);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(*tools::read_regular_file(temp.path() / "just-over", 101) == std::string(101, 'x'));
}

TEST_CASE("read_regular_file_within refuses files that resolve outside the root", "[tools][core]") {
    test_support::TempDir temp;
    fs::create_directories(temp.path() / "root" / "sub");
    fs::create_directories(temp.path() / "outside");
    write(temp.path() / "outside" / "secret.json", "{\"description\":\"private\"}");
    write(temp.path() / "root" / "sub" / "ok.json", "{}");
    fs::create_symlink(temp.path() / "outside" / "secret.json", temp.path() / "root" / "sub" / "escape.json");
    fs::create_symlink("../sub/ok.json", temp.path() / "root" / "sub" / "inside.json");
    fs::create_symlink(temp.path() / "outside", temp.path() / "root" / "dirlink");

    const fs::path root = temp.path() / "root";
    CHECK(*tools::read_regular_file_within(root / "sub" / "ok.json", root, 100) == "{}");
    CHECK(*tools::read_regular_file_within(root / "sub" / "inside.json", root, 100) == "{}");
    for (const fs::path& escaping : {root / "sub" / "escape.json", root / "dirlink" / "secret.json",
                                     root / ".." / "outside" / "secret.json"}) {
        INFO(escaping);
        auto result = tools::read_regular_file_within(escaping, root, 100);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::outside_root);
    }
    // A root reached through a symlink still holds its own files.
    fs::create_symlink(root, temp.path() / "root-link");
    CHECK(*tools::read_regular_file_within(temp.path() / "root-link" / "sub" / "ok.json",
                                           temp.path() / "root-link", 100) == "{}");
}
