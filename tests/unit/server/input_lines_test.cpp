#include "server/transport/input_lines.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <thread>

namespace {

using server::transport::InputLines;
using Status = InputLines::Status;

// A pipe whose write end the test feeds; closes what is still open.
struct Input {
    int fds[2] = {-1, -1};
    Input() { REQUIRE(::pipe(fds) == 0); }
    ~Input() {
        for (const int fd : fds) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
    void write(const std::string& text) const {
        REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    }
    void close_writer() {
        ::close(fds[1]);
        fds[1] = -1;
    }
};

}  // namespace

TEST_CASE("lines come out one at a time, however the input was cut", "[server][input_lines]") {
    Input input;
    InputLines reader(input.fds[0], -1, 1024);
    std::thread writer([&] {
        for (const char* piece : {"{\"a\":", "1}\n{\"b\"", ":2}\r\n\n", "last without newline"}) {
            input.write(piece);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        input.close_writer();
    });
    std::string line;
    CHECK(reader.next(line) == Status::line);
    CHECK(line == "{\"a\":1}");
    CHECK(reader.next(line) == Status::line);
    CHECK(line == "{\"b\":2}\r");  // '\r' is the transport's to strip
    CHECK(reader.next(line) == Status::line);
    CHECK(line.empty());
    CHECK(reader.next(line) == Status::line);
    CHECK(line == "last without newline");
    CHECK(reader.next(line) == Status::end);
    CHECK(reader.next(line) == Status::end);
    writer.join();
}

TEST_CASE("a line over the limit is dropped and counted, and the next one is read", "[server][input_lines]") {
    Input input;
    InputLines reader(input.fds[0], -1, 16);
    input.write(std::string(40, 'x') + "\nshort\n" + std::string(17, 'y'));
    input.close_writer();
    std::string line;
    CHECK(reader.next(line) == Status::oversized);
    CHECK(reader.dropped_bytes() == 40);
    CHECK(reader.next(line) == Status::line);
    CHECK(line == "short");
    CHECK(reader.next(line) == Status::oversized);  // the last line, cut by the end of input
    CHECK(reader.dropped_bytes() == 17);
    CHECK(reader.next(line) == Status::end);
}

TEST_CASE("a stop ends the reading at the next read, after the lines already read", "[server][input_lines]") {
    Input input;
    const int stop = ::eventfd(0, EFD_CLOEXEC);
    REQUIRE(stop >= 0);
    InputLines reader(input.fds[0], stop, 1024);
    input.write("one\ntwo\nhalf");
    std::string line;
    CHECK(reader.next(line) == Status::line);
    const std::uint64_t one = 1;
    REQUIRE(::write(stop, &one, sizeof one) == sizeof one);
    CHECK(reader.next(line) == Status::line);
    CHECK(line == "two");
    CHECK(reader.next(line) == Status::end);  // the half line is not a message: the writer is still open
    ::close(stop);
}

TEST_CASE("a closed input ends the reading instead of waiting on it forever", "[server][input_lines]") {
    int fds[2] = {-1, -1};
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    ::close(fds[1]);
    InputLines reader(fds[0], -1, 1024);  // poll reports the closed descriptor as POLLNVAL
    std::string line;
    CHECK(reader.next(line) == Status::end);
}
