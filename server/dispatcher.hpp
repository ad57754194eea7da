// Routes JSON-RPC messages to MCP methods for one connection, serving both protocol eras.
//
// Legacy clients negotiate a version with `initialize`; modern (2026-07-28) clients name the version in
// every request's _meta and may call `server/discover`; a request's own _meta wins over the connection's
// version. Tool calls run on a worker pool so that `ping`, `notifications/cancelled` and further calls
// are served while a long call runs; everything else is answered on the calling thread.
// Thread safety: handle_line() is called from one reader thread; replies go out through the
// OutputChannel from any thread. Exceptions from handlers are caught here and become -32603 errors.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"
#include "protocol/mcp_messages.hpp"
#include "server/output_channel.hpp"
#include "server/settings.hpp"
#include "server/tool_registry.hpp"
#include "server/worker_pool.hpp"

namespace server {

class Dispatcher {
  public:
    Dispatcher(const Settings& settings, const ToolRegistry& registry, OutputChannel& output,
               std::size_t worker_threads = 2);
    ~Dispatcher();

    void handle_line(std::string_view line);
    // For a line the transport could not hold: answers with a parse error, since no id can be known.
    void reject_oversized_line(std::size_t bytes);
    // Blocks until every accepted tool call has been answered.
    void drain();
    // Asks every running tool call to stop (they answer nothing once cancelled).
    void cancel_all();
    // The threshold the client set with logging/setLevel (index into protocol::log_levels), or -1.
    int client_log_level() const { return m_client_log_level.load(); }

    static protocol::ServerIdentity identity();

  private:
    using Reply = std::function<void(protocol::Json)>;

    void handle_message(const protocol::Message& message, const Reply& reply, bool in_batch);
    void handle_request(const protocol::Request& request, const Reply& reply, bool in_batch);
    void handle_notification(const protocol::Notification& notification);
    // The version a request is served under, or an error reply when it names one we do not speak.
    std::optional<std::string> version_for(const protocol::Request& request, const Reply& reply);
    std::optional<protocol::Json> answer(const protocol::Request& request, const std::string& version);
    void call_tool(const protocol::Request& request, const std::string& version, const Reply& reply,
                   bool synchronous);
    void run_call(const protocol::Request& request, const std::string& version, const Reply& reply,
                  const std::shared_ptr<std::atomic<bool>>& cancelled);

    const Settings& m_settings;
    const ToolRegistry& m_registry;
    OutputChannel& m_output;
    const protocol::ServerIdentity m_identity;

    std::mutex m_mutex;
    std::optional<std::string> m_session_version;                           // set by initialize
    std::map<std::string, std::shared_ptr<std::atomic<bool>>> m_in_flight;  // by serialized id
    std::atomic<int> m_client_log_level{-1};

    // Declared last so it is destroyed first: running jobs still see every other member.
    WorkerPool m_pool;
};

}  // namespace server
