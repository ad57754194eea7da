// Small tools and an in-memory client for exercising the dispatcher without the real tools or a
// transport.
#pragma once

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "protocol/jsonrpc.hpp"
#include "server/catalog.hpp"
#include "server/dispatcher.hpp"
#include "server/worker_pool.hpp"

namespace test_support {

// Records every reply and notification in arrival order, as a stdio client would see them: serialised
// and parsed back.
class CaptureChannel {
  public:
    void send(const nlohmann::json& message) {
        nlohmann::json seen = nlohmann::json::parse(protocol::serialize(message));
        std::lock_guard lock(m_mutex);
        m_messages.push_back(std::move(seen));
    }
    server::MessageSinks sinks() {
        return {[this](nlohmann::json reply) {
                    if (!reply.is_null()) {
                        send(reply);
                    }
                },
                [this](const nlohmann::json& notification) { send(notification); }};
    }
    std::vector<nlohmann::json> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_messages, {});
    }

  private:
    std::mutex m_mutex;
    std::vector<nlohmann::json> m_messages;
};

inline server::Catalog make_test_registry() {
    using nlohmann::json;
    server::Catalog registry;
    const json object_output = {{"type", "object"}};
    registry.add({"echo",
                  "Echo",
                  "Returns its text.",
                  json{{"type", "object"},
                       {"properties", {{"text", {{"type", "string"}, {"maxLength", 100}}}}},
                       {"required", {"text"}},
                       {"additionalProperties", false}},
                  object_output,
                  {},
                  [](const json& arguments, const server::ToolContext&) -> tools::Result<json> {
                      return json{{"text", arguments["text"]}};
                  }});
    registry.add({"fail",
                  "Fail",
                  "Always fails.",
                  json{{"type", "object"}, {"additionalProperties", false}},
                  object_output,
                  {},
                  [](const json&, const server::ToolContext&) -> tools::Result<json> {
                      return tools::make_error(tools::ErrorCode::not_found, "no such session: abc");
                  }});
    // A domain refusal with the code a bad cursor has: still a tool result, never a protocol error.
    registry.add({"refuse",
                  "Refuse",
                  "Refuses its arguments.",
                  json{{"type", "object"}},
                  object_output,
                  {},
                  [](const json&, const server::ToolContext&) -> tools::Result<json> {
                      return tools::make_error(tools::ErrorCode::invalid_argument, "cursor is not valid");
                  }});
    registry.add({"throws",
                  "Throws",
                  "Throws.",
                  json{{"type", "object"}},
                  object_output,
                  {},
                  [](const json&, const server::ToolContext&) -> tools::Result<json> {
                      throw std::runtime_error("boom");
                  }});
    // Reports progress until cancelled, for at most 5 seconds.
    registry.add({"wait_for_cancel",
                  "Wait",
                  "Runs until cancelled.",
                  json{{"type", "object"}},
                  object_output,
                  {},
                  [](const json&, const server::ToolContext& context) -> tools::Result<json> {
                      for (int step = 1; step <= 500; ++step) {
                          if (context.progress.cancelled()) {
                              return tools::make_error(tools::ErrorCode::cancelled, "cancelled");
                          }
                          context.progress.report(step, 500, "waiting");
                          std::this_thread::sleep_for(std::chrono::milliseconds(10));
                      }
                      return json{{"finished", true}};
                  }});
    return registry;
}

// A dispatcher with its own pool and one session, driven as a stdio transport would drive it.
struct TestServer {
    explicit TestServer(server::Catalog tools = make_test_registry(), std::size_t threads = 2,
                        std::size_t max_queued = 64)
        : catalog(std::move(tools)), pool(threads, max_queued) {}
    ~TestServer() { pool.wait_idle(); }

    // Returns whether the dispatcher promised a reply.
    bool send(std::string_view line) { return dispatcher.handle_text(session, line, output.sinks()); }
    void drain() { pool.wait_idle(); }

    server::Settings settings;
    server::Catalog catalog;
    server::WorkerPool pool;
    server::Dispatcher dispatcher{settings, catalog, pool};
    std::shared_ptr<server::Session> session = std::make_shared<server::Session>();
    CaptureChannel output;
};

}  // namespace test_support
