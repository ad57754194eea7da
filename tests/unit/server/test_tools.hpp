// Small tools and an in-memory output channel for exercising the dispatcher without the real tools.
#pragma once

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/output_channel.hpp"
#include "server/tool_registry.hpp"

namespace test_support {

class CaptureChannel : public server::OutputChannel {
  public:
    void send(const nlohmann::json& message) override {
        std::lock_guard lock(m_mutex);
        m_messages.push_back(message);
    }
    std::vector<nlohmann::json> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_messages, {});
    }

  private:
    std::mutex m_mutex;
    std::vector<nlohmann::json> m_messages;
};

inline server::ToolRegistry make_test_registry() {
    using nlohmann::json;
    server::ToolRegistry registry;
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

}  // namespace test_support
