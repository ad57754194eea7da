#include "server/dispatcher.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "test_tools.hpp"

using nlohmann::json;

namespace {

struct Harness {
    server::Settings settings;
    server::ToolRegistry registry = test_support::make_test_registry();
    test_support::CaptureChannel output;
    server::Dispatcher dispatcher{settings, registry, output};

    void initialize() {
        dispatcher.handle_line(
            R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}})");
        output.take();
    }
};

bool wait_for(const std::function<bool()>& condition) {
    for (int i = 0; i < 500; ++i) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("a cancelled call stops and sends no response", "[server][dispatcher]") {
    Harness h;
    h.initialize();
    const auto started = std::chrono::steady_clock::now();
    h.dispatcher.handle_line(
        R"({"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{}}})");
    // The reader thread stays free: a ping is answered while the call runs.
    h.dispatcher.handle_line(R"({"jsonrpc":"2.0","id":42,"method":"ping"})");
    std::vector<json> seen;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take())
            seen.push_back(m);
        return std::any_of(seen.begin(), seen.end(),
                           [](const json& m) { return m.value("id", json()) == 42; });
    }));
    h.dispatcher.handle_line(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":41,"reason":"user"}})");
    h.dispatcher.drain();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    for (auto& m : h.output.take())
        seen.push_back(m);
    CHECK(std::none_of(seen.begin(), seen.end(), [](const json& m) { return m.value("id", json()) == 41; }));
    CHECK(elapsed < std::chrono::seconds(4));  // the tool runs 5 s unless it saw the cancellation
}

TEST_CASE("a call with a progress token gets increasing progress notifications", "[server][dispatcher]") {
    Harness h;
    h.initialize();
    h.dispatcher.handle_line(
        R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{},"_meta":{"progressToken":"tok"}}})");
    std::vector<json> progress;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take()) {
            if (m.value("method", "") == "notifications/progress")
                progress.push_back(m);
        }
        return progress.size() >= 3;
    }));
    h.dispatcher.handle_line(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})");
    h.dispatcher.drain();
    for (std::size_t i = 0; i < progress.size(); ++i) {
        CHECK(progress[i]["params"]["progressToken"] == "tok");
        CHECK(progress[i]["params"]["total"] == 500);
        if (i > 0) {
            CHECK(progress[i]["params"]["progress"].get<double>() >
                  progress[i - 1]["params"]["progress"].get<double>());
        }
    }
}

TEST_CASE("a duplicate in-flight id is refused", "[server][dispatcher]") {
    Harness h;
    h.initialize();
    const std::string call =
        R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{}}})";
    h.dispatcher.handle_line(call);
    h.dispatcher.handle_line(call);
    std::vector<json> seen;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take())
            seen.push_back(m);
        return !seen.empty();
    }));
    CHECK(seen.front()["error"]["code"] == -32600);
    h.dispatcher.cancel_all();
    h.dispatcher.drain();
}
