// Fuzzes what an MCP client controls: the input is what it writes to stdin, one JSON-RPC message or
// batch a line. Each line goes through protocol::parse_line on its own, then the whole input through
// a fresh server::Dispatcher (handle_line is the transport-free per-line entry point), so sequences
// like initialize, then calls, then cancels are reachable. The dispatcher gets the real read-only
// tools (a tool that writes is left out: a fuzzer names arbitrary project paths) against a scratch
// claude dir, project and state dir holding one small session.
//
// Beyond "no crash, no sanitizer report": every message the server sends serialises to one line that
// parses back as a JSON-RPC 2.0 object, and a line parse_line rejects carries an error reply.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "protocol/jsonrpc.hpp"
#include "server/dispatcher.hpp"
#include "server/output_channel.hpp"
#include "server/tool_registry.hpp"
#include "temp_dir.hpp"
#include "tools/sessions/project_dirs.hpp"

namespace {

class CheckedChannel : public server::OutputChannel {
  public:
    void send(const nlohmann::json& message) override {
        const std::string line = protocol::serialize(message);
        FUZZ_CHECK(line.find('\n') == std::string::npos);
        const auto back = nlohmann::json::parse(line, nullptr, false);
        FUZZ_CHECK(back.is_object() || (back.is_array() && !back.empty()));
        std::lock_guard lock(m_mutex);
        ++m_sent;
    }

  private:
    std::mutex m_mutex;
    std::size_t m_sent = 0;
};

struct Fixture {
    server::Settings settings;
    server::ToolRegistry registry;

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
        const server::ToolRegistry all = server::make_default_registry();
        for (server::ToolDefinition tool : all.all()) {
            if (tool.annotations.read_only) {
                registry.add(std::move(tool));
            }
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
        const protocol::ParsedLine parsed = protocol::parse_line(line);
        FUZZ_CHECK(parsed.reply.has_value() != !parsed.messages.empty());
        if (parsed.reply) {
            FUZZ_CHECK(parsed.reply->contains("error"));
        }
    }

    CheckedChannel channel;
    server::Dispatcher dispatcher(fixture.settings, fixture.registry, channel, 1);
    for (const std::string_view line : lines) {
        dispatcher.handle_line(line);
    }
    dispatcher.drain();
    return 0;
}
