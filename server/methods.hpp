// The MCP methods the dispatcher routes to, one function each, found through one table.
// Internal to server/: the dispatcher resolves the version and the session before calling a method,
// and owns the exception boundary around it.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"
#include "protocol/mcp_messages.hpp"
#include "server/catalog.hpp"
#include "server/session.hpp"
#include "server/settings.hpp"

namespace server::methods {

struct MethodCall {
    const Settings& settings;
    const Catalog& catalog;
    const protocol::ServerIdentity& identity;
    Session& session;
    const protocol::Request& request;
    const std::string& version;  // the revision the request is served under
    const std::function<void(const nlohmann::json&)>& notify;
    const std::atomic<bool>* cancelled;  // set for methods that run on the pool
};

// The whole JSON-RPC response, or nullopt when none must be sent (a cancelled request).
using Handler = std::optional<nlohmann::json> (*)(const MethodCall& call);

struct Route {
    Handler handler = nullptr;
    bool on_worker = false;    // may take long (reads files, runs tools): goes to the JobRunner
    bool legacy_only = false;  // absent from the stateless revision (ping, logging/setLevel)
    bool handshake = false;    // initialize: needs no negotiated version, refused inside a batch
};

// The route for a method, or nullptr when the method does not exist for this catalog (prompts/* only
// when it holds prompts, resources/* only when it holds resources).
const Route* find_route(std::string_view method, const protocol::CatalogShape& catalog);

}  // namespace server::methods
