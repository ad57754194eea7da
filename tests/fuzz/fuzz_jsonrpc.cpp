// Fuzzes what an MCP client controls: the input is what it writes to stdin, one JSON-RPC message or
// batch a line. Each line goes through protocol::parse_line on its own, then the whole input through
// a fresh server::Dispatcher and Session (handle_text is the transport-free entry point), so sequences
// like initialize, then calls, then cancels are reachable. The dispatcher gets the real read-only
// tools (a tool that writes is left out: a fuzzer names arbitrary project paths) against a scratch
// claude dir, project and state dir holding one small session.
//
// Beyond "no crash, no sanitizer report": every message the server sends serialises to one line that
// parses back as JSON, a line parse_line rejects carries an error reply, and handle_text returns true
// exactly for the texts whose reply sink is then called. protocol::read_json reads each line as
// nlohmann's parser does: the same value, or the same refusal.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "protocol/json_reader.hpp"
#include "protocol/jsonrpc.hpp"
#include "server/catalog.hpp"
#include "server/dispatcher.hpp"
#include "server/session.hpp"
#include "server/worker_pool.hpp"
#include "temp_dir.hpp"
#include "tools/sessions/project_dirs.hpp"

namespace {

void check_sent(const nlohmann::json& message) {
    const std::string line = protocol::serialize(message);
    FUZZ_CHECK(line.find('\n') == std::string::npos);
    const auto back = nlohmann::json::parse(line, nullptr, false);
    FUZZ_CHECK(back.is_object() || (back.is_array() && !back.empty()));
}

struct Fixture {
    server::Settings settings;
    server::Catalog catalog;

    Fixture() {
        const auto root = fuzz::scratch_dir();
        settings.project_dir = root / "project";
        settings.claude_dir = root / "claude";
        settings.state_dir = root / "state";
        settings.calling_session_id = "5e55a1d0-0000-4000-8000-00000000ca11";
        const auto sessions =
            settings.claude_dir / "projects" / tools::sessions::project_slug(settings.project_dir.string());
        std::filesystem::create_directories(sessions);
        std::filesystem::create_directories(settings.project_dir);
        const std::string cwd = nlohmann::json(settings.project_dir.string()).dump();
        std::ofstream(sessions / "5e55a1d0-0000-4000-8000-00000000f022.jsonl")
            << R"({"type":"user","uuid":"u1","sessionId":"5e55a1d0-0000-4000-8000-00000000f022","cwd":)"
            << cwd
            << R"(,"timestamp":"2026-03-01T10:00:00.000Z","message":{"role":"user","content":"Why is the build red?"}})"
            << "\n"
            << R"({"type":"assistant","uuid":"a1","sessionId":"5e55a1d0-0000-4000-8000-00000000f022","cwd":)"
            << cwd
            << R"(,"timestamp":"2026-03-01T10:00:05.000Z","message":{"id":"m1","role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"make test"}}]}})"
            << "\n";
        const server::Catalog all = server::make_default_catalog();
        for (server::ToolDefinition tool : all.tools()) {
            if (tool.annotations.read_only) {
                catalog.add(std::move(tool));
            }
        }
        for (server::PromptDefinition prompt : all.prompts()) {
            catalog.add(std::move(prompt));
        }
        for (server::ResourceDefinition resource : all.resources()) {
            catalog.add(std::move(resource));
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Fixture fixture;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    for (std::string_view rest = input; !rest.empty();) {
        const std::size_t newline = rest.find('\n');
        lines.push_back(rest.substr(0, newline));
        rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    }

    for (const std::string_view line : lines) {
        const nlohmann::json read = protocol::read_json(line);
        const auto expected = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
        FUZZ_CHECK(read.is_discarded() == expected.is_discarded());
        if (!expected.is_discarded()) {
            const auto replace = nlohmann::json::error_handler_t::replace;
            FUZZ_CHECK(read.dump(-1, ' ', false, replace) == expected.dump(-1, ' ', false, replace));
        }
        const protocol::ParsedLine parsed = protocol::parse_line(line);
        FUZZ_CHECK(parsed.reply.has_value() != !parsed.messages.empty());
        if (parsed.reply) {
            FUZZ_CHECK(parsed.reply->contains("error"));
        }
    }

    std::atomic<std::size_t> replies{0};
    const server::MessageSinks sinks{[&](nlohmann::json reply) {
                                         if (!reply.is_null()) {  // null: a cancelled call gets no reply
                                             check_sent(reply);
                                         }
                                         ++replies;
                                     },
                                     [](const nlohmann::json& notification) { check_sent(notification); }};
    std::size_t promised = 0;
    {
        server::WorkerPool pool(1, 16);
        server::Dispatcher dispatcher(fixture.settings, fixture.catalog, pool);
        const auto session = std::make_shared<server::Session>();
        for (const std::string_view line : lines) {
            promised += dispatcher.handle_text(session, line, sinks) ? 1 : 0;
        }
        pool.wait_idle();
    }
    FUZZ_CHECK(replies == promised);  // handle_text's contract: true exactly when reply is called once
    return 0;
}
