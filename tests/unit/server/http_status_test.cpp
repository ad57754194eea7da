#include "server/transport/http_status.hpp"

#include <catch2/catch.hpp>

#include "protocol/jsonrpc.hpp"
#include "server/transport/http_guard.hpp"

namespace {

nlohmann::json error_reply(nlohmann::json id, int code) {
    return {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"error", {{"code", code}, {"message", "m"}}}};
}

}  // namespace

TEST_CASE("a reply's HTTP status: 400 for errors about the request, 404 for unknown methods when stateless",
          "[server][http]") {
    using server::transport::http::status_for;
    namespace code = protocol::error_code;
    const nlohmann::json result = {{"jsonrpc", "2.0"}, {"id", 1}, {"result", nlohmann::json::object()}};
    CHECK(status_for(result, false) == 200);
    CHECK(status_for(result, true) == 200);
    CHECK(status_for(nlohmann::json::array({result}), false) == 200);  // a batch

    CHECK(status_for(error_reply(1, code::method_not_found), true) == 404);
    CHECK(status_for(error_reply(1, code::method_not_found), false) == 200);
    CHECK(status_for(error_reply(1, code::invalid_params), true) == 200);
    for (const int request_error :
         {code::unsupported_protocol_version, code::missing_required_client_capability,
          server::transport::http::header_mismatch, code::parse_error}) {
        CHECK(status_for(error_reply(1, request_error), false) == 400);
    }
    CHECK(status_for(error_reply(nullptr, code::invalid_request), false) == 400);  // no id could be read
    // An error object of an odd shape is still an answer, not a crash.
    CHECK(status_for({{"jsonrpc", "2.0"}, {"id", 2}, {"error", "text"}}, true) == 200);
    CHECK(server::transport::http::status_text(503) == "Service Unavailable");
    CHECK(server::transport::http::status_text(418) == "HTTP error 418");
}
