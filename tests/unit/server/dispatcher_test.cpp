#include "server/dispatcher.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "test_tools.hpp"

using nlohmann::json;

namespace {

struct Harness : test_support::TestServer {
    using TestServer::TestServer;

    void initialize() {
        send(
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
    h.send(
        R"({"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{}}})");
    // The reader thread stays free: a ping is answered while the call runs.
    h.send(R"({"jsonrpc":"2.0","id":42,"method":"ping"})");
    std::vector<json> seen;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take())
            seen.push_back(m);
        return std::any_of(seen.begin(), seen.end(),
                           [](const json& m) { return m.value("id", json()) == 42; });
    }));
    h.send(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":41,"reason":"user"}})");
    h.drain();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    for (auto& m : h.output.take())
        seen.push_back(m);
    CHECK(std::none_of(seen.begin(), seen.end(), [](const json& m) { return m.value("id", json()) == 41; }));
    CHECK(elapsed < std::chrono::seconds(4));  // the tool runs 5 s unless it saw the cancellation
}

TEST_CASE("a call with a progress token gets increasing progress notifications", "[server][dispatcher]") {
    Harness h;
    h.initialize();
    h.send(
        R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{},"_meta":{"progressToken":"tok"}}})");
    std::vector<json> progress;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take()) {
            if (m.value("method", "") == "notifications/progress")
                progress.push_back(m);
        }
        return progress.size() >= 3;
    }));
    h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})");
    h.drain();
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
    h.send(call);
    h.send(call);
    std::vector<json> seen;
    REQUIRE(wait_for([&] {
        for (auto& m : h.output.take())
            seen.push_back(m);
        return !seen.empty();
    }));
    CHECK(seen.front()["error"]["code"] == -32600);
    h.session->cancel_all();
    h.drain();
}

TEST_CASE("a notification that throws inside its handling does not escape", "[server][dispatcher]") {
    Harness h;
    h.initialize();
    h.send(
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"wait_for_cancel","arguments":{}}})");
    CHECK_FALSE(h.send(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":42}})"));
    h.drain();
    CHECK(h.output.take().empty());  // cancelled: no response
}

TEST_CASE("handle_text says whether a reply comes", "[server][dispatcher]") {
    Harness h;
    CHECK(h.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"));
    CHECK_FALSE(h.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
    CHECK_FALSE(h.send(R"({"jsonrpc":"2.0","id":9,"result":{}})"));
    CHECK(h.send(R"({"jsonrpc":"2.0","id":2})"));
    CHECK(h.send("not json"));
}

TEST_CASE("a full queue holds the caller back instead of refusing", "[server][dispatcher]") {
    Harness h(test_support::make_test_registry(), 1, 1);
    h.initialize();
    for (int id = 1; id <= 50; ++id) {
        h.send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
               R"(,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}})");
    }
    h.drain();
    const auto replies = h.output.take();
    REQUIRE(replies.size() == 50);
    for (const json& reply : replies) {
        CHECK(reply.contains("result"));
    }
}

TEST_CASE("batch members run on workers and are answered together", "[server][dispatcher]") {
    Harness h;
    h.send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26"}})");
    h.output.take();
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(
        h.send(R"([{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"wait_for_cancel"}},)"
               R"({"jsonrpc":"2.0","id":2,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}])"));
    // The caller's thread came back at once, with the slow member still running.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(h.output.take().empty());
    h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})");
    h.drain();
    const auto replies = h.output.take();
    REQUIRE(replies.size() == 1);
    REQUIRE(replies[0].is_array());
    REQUIRE(replies[0].size() == 1);  // the cancelled member is left out
    CHECK(replies[0][0]["id"] == 2);
}

TEST_CASE("log records reach only the session that asked, through its request's sink",
          "[server][dispatcher]") {
    Harness h;
    h.initialize();
    auto other = std::make_shared<server::Session>();
    test_support::CaptureChannel other_output;
    h.send(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}})");
    h.output.take();
    // Both sessions call a tool that logs at error level; only the first asked for logs.
    h.send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"throws","arguments":{}}})");
    h.dispatcher.handle_text(
        other, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"throws","arguments":{}}})",
        other_output.sinks());
    h.drain();
    const auto mine = h.output.take();
    CHECK(std::any_of(mine.begin(), mine.end(),
                      [](const json& m) { return m.value("method", "") == "notifications/message"; }));
    const auto theirs = other_output.take();
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0]["id"] == 3);
    // The exception's own text never reaches the client as a result.
    CHECK(theirs[0].dump().find("boom") == std::string::npos);
}

TEST_CASE("a domain refusal is an isError result on every version", "[server][dispatcher]") {
    for (const char* version : {"2025-03-26", "2025-06-18", "2025-11-25"}) {
        Harness h;
        h.send(std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") +
               version + R"("}})");
        h.output.take();
        h.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"refuse","arguments":{}}})");
        h.drain();
        const auto replies = h.output.take();
        REQUIRE(replies.size() == 1);
        INFO(version << ": " << replies[0].dump());
        CHECK(replies[0]["result"]["isError"] == true);
    }
}

TEST_CASE("only an initialize that fully succeeds sets the session's version", "[server][dispatcher]") {
    Harness h;
    const auto reply_to = [&h](const std::string& line) {
        h.send(line);
        h.drain();
        auto replies = h.output.take();
        REQUIRE(replies.size() == 1);
        return replies[0];
    };
    CHECK(reply_to(
              R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":42}})")["error"]
                                                                                                  ["code"] ==
          -32602);
    CHECK_FALSE(h.session->version().has_value());
    // Odd client fields do not fail the handshake.
    CHECK(
        reply_to(
            R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-03-26","clientInfo":{"name":7}}})")
            ["result"]["protocolVersion"] == "2025-03-26");
    CHECK(h.session->version() == "2025-03-26");
    CHECK(reply_to(R"({"jsonrpc":"2.0","id":3,"method":"initialize","params":"2025-06-18"})")
              .contains("error"));
    CHECK(h.session->version() == "2025-03-26");
}

TEST_CASE("prompts and resources are advertised and served only when the catalog holds them",
          "[server][dispatcher][catalog]") {
    {
        Harness bare;
        bare.send(
            R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
        bare.send(R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"x"}})");
        const auto replies = bare.output.take();
        REQUIRE(replies.size() == 2);
        CHECK_FALSE(replies[0]["result"]["capabilities"].contains("prompts"));
        CHECK_FALSE(replies[0]["result"]["capabilities"].contains("resources"));
        CHECK(replies[1]["error"]["code"] == -32601);
    }
    server::Catalog catalog = test_support::make_test_registry();
    catalog.add(server::PromptDefinition{
        "context-sync",
        "Sync context",
        "Carries learnings over.",
        {{"focus", "What to look at", true}},
        [](const std::map<std::string, std::string>& arguments,
           const server::ToolContext&) -> tools::Result<json> {
            return json{
                {"messages",
                 json::array(
                     {{{"role", "user"},
                       {"content", {{"type", "text"}, {"text", "focus on " + arguments.at("focus")}}}}})}};
        }});
    catalog.add(server::ResourceDefinition{"context-sync://learnings", "learnings", "Learnings",
                                           "What past sessions learned.", "text/markdown",
                                           [](const server::ToolContext&) -> tools::Result<std::string> {
                                               return std::string("# Learnings\n");
                                           }});
    Harness h(std::move(catalog));
    h.send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
    h.send(R"({"jsonrpc":"2.0","id":1,"method":"prompts/list"})");
    h.send(
        R"({"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"context-sync","arguments":{"focus":"git"}}})");
    h.send(R"({"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"context-sync"}})");
    h.send(R"({"jsonrpc":"2.0","id":4,"method":"resources/list"})");
    h.send(
        R"({"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"context-sync://learnings"}})");
    h.send(R"({"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"file:///etc/passwd"}})");
    h.send(R"({"jsonrpc":"2.0","id":7,"method":"prompts/get","params":{"name":42}})");
    h.drain();
    std::map<int, json> by_id;
    for (const json& m : h.output.take()) {
        by_id[m["id"].get<int>()] = m;
    }
    CHECK(by_id[0]["result"]["capabilities"].contains("prompts"));
    CHECK(by_id[0]["result"]["capabilities"].contains("resources"));
    CHECK(by_id[1]["result"]["prompts"][0]["name"] == "context-sync");
    CHECK(by_id[2]["result"]["messages"][0]["content"]["text"] == "focus on git");
    CHECK(by_id[3]["error"]["code"] == -32602);
    CHECK(by_id[4]["result"]["resources"][0]["uri"] == "context-sync://learnings");
    CHECK(by_id[5]["result"]["contents"][0]["text"] == "# Learnings\n");
    CHECK(by_id[6]["error"]["code"] == -32002);
    CHECK(by_id[7]["error"]["code"] == -32602);
    CHECK(by_id[7]["error"]["message"] == "Invalid params: name must be a string");
}
