#include "server/transport/http_guard.hpp"

#include <catch2/catch.hpp>

#include "server/transport/http_transport.hpp"

using namespace server::transport::http;
using nlohmann::json;

TEST_CASE("loopback hosts are recognised with and without ports", "[server][http]") {
    CHECK(is_loopback_host("localhost"));
    CHECK(is_loopback_host("LocalHost:8080"));
    CHECK(is_loopback_host("127.0.0.1"));
    CHECK(is_loopback_host("127.1.2.3:80"));
    CHECK(is_loopback_host("[::1]:9000"));
    CHECK(is_loopback_host("[::1]"));
    CHECK_FALSE(is_loopback_host("127.0.0.1.evil.com"));
    CHECK_FALSE(is_loopback_host("localhost.evil.com"));
    CHECK_FALSE(is_loopback_host("evil.com:80"));
    CHECK_FALSE(is_loopback_host("127.0.0.1:80x"));
    CHECK_FALSE(is_loopback_host("128.0.0.1"));
    CHECK_FALSE(is_loopback_host("127.0.0.256"));
    CHECK_FALSE(is_loopback_host("[::2]:80"));
    CHECK_FALSE(is_loopback_host(""));
    CHECK(is_loopback_address("::1"));
    CHECK_FALSE(is_loopback_address("0.0.0.0"));
}

TEST_CASE("origins pass only for loopback or listed values", "[server][http]") {
    const std::vector<std::string> none;
    CHECK(origin_allowed(std::nullopt, none));
    CHECK(origin_allowed("http://localhost:3000", none));
    CHECK(origin_allowed("https://127.0.0.1", none));
    CHECK(origin_allowed("http://[::1]:8080", none));
    CHECK_FALSE(origin_allowed("http://evil.com", none));
    CHECK_FALSE(origin_allowed("http://localhost.evil.com", none));
    CHECK_FALSE(origin_allowed("http://localhost@evil.com", none));
    CHECK_FALSE(origin_allowed("http://localhost:3000/path", none));
    CHECK_FALSE(origin_allowed("null", none));
    CHECK_FALSE(origin_allowed("file://localhost", none));
    CHECK_FALSE(origin_allowed("", none));
    const std::vector<std::string> listed{"https://app.example.com", "null"};
    CHECK(origin_allowed("https://APP.example.com", listed));
    CHECK(origin_allowed("null", listed));
    CHECK_FALSE(origin_allowed("https://app.example.com.evil.com", listed));
}

TEST_CASE("the bearer token must match exactly", "[server][http]") {
    const std::string token = "s3cret-token-0123456789";
    CHECK(bearer_matches("Bearer s3cret-token-0123456789", token));
    CHECK(bearer_matches("bearer  s3cret-token-0123456789 ", token));
    CHECK_FALSE(bearer_matches("Bearer s3cret-token-012345678", token));
    CHECK_FALSE(bearer_matches("Bearer s3cret-token-01234567890", token));
    CHECK_FALSE(bearer_matches("Bearer S3cret-token-0123456789", token));
    CHECK_FALSE(bearer_matches("Basic s3cret-token-0123456789", token));
    CHECK_FALSE(bearer_matches("s3cret-token-0123456789", token));
    CHECK_FALSE(bearer_matches(std::nullopt, token));
    CHECK_FALSE(bearer_matches("Bearer ", ""));
}

TEST_CASE("Accept admits media types with wildcards and q=0", "[server][http]") {
    CHECK(accepts(std::nullopt, "application/json"));
    CHECK(accepts("application/json, text/event-stream", "text/event-stream"));
    CHECK(accepts("*/*", "application/json"));
    CHECK(accepts("application/*;q=0.5", "application/json"));
    CHECK_FALSE(accepts("text/event-stream", "application/json"));
    CHECK_FALSE(accepts("application/json;q=0, text/html", "application/json"));
    CHECK_FALSE(accepts("text/html", "text/event-stream"));
    CHECK_FALSE(accepts("", "application/json"));
}

TEST_CASE("MCP-Protocol-Version must be well formed and supported", "[server][http]") {
    CHECK_FALSE(parse_version_header(std::nullopt).version);
    CHECK_FALSE(parse_version_header(std::nullopt).rejection);
    CHECK(parse_version_header("2025-06-18").version == "2025-06-18");
    CHECK(parse_version_header("2026-07-28").version == "2026-07-28");
    const auto malformed = parse_version_header("latest");
    REQUIRE(malformed.rejection);
    CHECK(malformed.rejection->status == 400);
    const auto unknown = parse_version_header("2024-01-01");
    REQUIRE(unknown.rejection);
    CHECK(unknown.rejection->status == 400);
    CHECK(unknown.rejection->code == -32022);
    CHECK(unknown.rejection->data["supported"].size() >= 2);
    CHECK(parse_version_header("2025-11-25\r\nX: y").rejection);
}

TEST_CASE("header values decode from the Base64 sentinel form", "[server][http]") {
    CHECK(decode_header_value("get_weather") == "get_weather");
    CHECK(decode_header_value("=?base64?SGVsbG8sIOS4lueVjA==?=") == "Hello, \xe4\xb8\x96\xe7\x95\x8c");
    CHECK(decode_header_value("=?base64?IHBhZGRlZCA=?=") == " padded ");
    CHECK_FALSE(decode_header_value("=?base64?not*base64?="));
    CHECK_FALSE(decode_header_value("bad\nvalue"));
    CHECK_FALSE(decode_header_value("caf\xc3\xa9"));
}

namespace {
json modern_call(const std::string& method, json params) {
    params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                       {"io.modelcontextprotocol/clientCapabilities", json::object()}};
    return {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
}
}  // namespace

TEST_CASE("modern headers must agree with the body", "[server][http]") {
    const json call = modern_call("tools/call", {{"name", "scan_secrets"}, {"arguments", json::object()}});
    CHECK_FALSE(check_modern_headers({"2026-07-28", "tools/call", "scan_secrets"}, call));
    CHECK_FALSE(check_modern_headers({"2026-07-28", "tools/call", "=?base64?c2Nhbl9zZWNyZXRz?="}, call));

    const auto missing_name = check_modern_headers({"2026-07-28", "tools/call", std::nullopt}, call);
    REQUIRE(missing_name);
    CHECK(missing_name->status == 400);
    CHECK(missing_name->code == -32020);
    CHECK(check_modern_headers({"2026-07-28", "tools/call", "other_tool"}, call));
    CHECK(check_modern_headers({"2026-07-28", "tools/list", "scan_secrets"}, call));
    CHECK(check_modern_headers({"2026-07-28", std::nullopt, "scan_secrets"}, call));
    CHECK(check_modern_headers({std::nullopt, "tools/call", "scan_secrets"}, call));
    CHECK(check_modern_headers({"2025-11-25", "tools/call", "scan_secrets"}, call));
    // Header values are case-sensitive.
    CHECK(check_modern_headers({"2026-07-28", "Tools/Call", "scan_secrets"}, call));

    const json list = modern_call("tools/list", json::object());
    CHECK_FALSE(check_modern_headers({"2026-07-28", "tools/list", std::nullopt}, list));
    const json read = modern_call("resources/read", {{"uri", "context-sync://learnings"}});
    CHECK_FALSE(check_modern_headers({"2026-07-28", "resources/read", "context-sync://learnings"}, read));
    CHECK(check_modern_headers({"2026-07-28", "resources/read", "context-sync://other"}, read));
    CHECK(check_modern_headers({"2026-07-28", "tools/list", std::nullopt}, json::array()));
}

TEST_CASE("session ids are visible ASCII of bounded length", "[server][http]") {
    CHECK(is_valid_session_id("0123456789abcdef0123456789abcdef"));
    CHECK_FALSE(is_valid_session_id(""));
    CHECK_FALSE(is_valid_session_id("has space"));
    CHECK_FALSE(is_valid_session_id(std::string(129, 'a')));
    CHECK_FALSE(is_valid_session_id("caf\xc3\xa9"));
}

TEST_CASE("rejection bodies are JSON-RPC errors without an id", "[server][http]") {
    const json body = json::parse(rejection_body({403, -32600, "Forbidden: origin not allowed"}));
    CHECK(body["jsonrpc"] == "2.0");
    CHECK(body["id"].is_null());
    CHECK(body["error"]["code"] == -32600);
    CHECK(body["error"]["message"] == "Forbidden: origin not allowed");
}

TEST_CASE("the --http address is PORT, HOST:PORT or a bracketed IPv6 address with a port", "[server][http]") {
    using server::transport::parse_listen_address;
    const auto port_only = parse_listen_address("8765");
    REQUIRE(port_only);
    CHECK(port_only->host == "127.0.0.1");
    CHECK(port_only->port == 8765);
    const auto any = parse_listen_address("0.0.0.0:0");
    REQUIRE(any);
    CHECK(any->host == "0.0.0.0");
    CHECK(any->port == 0);
    const auto v6 = parse_listen_address("[::1]:9000");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 9000);
    CHECK_FALSE(parse_listen_address(""));
    CHECK_FALSE(parse_listen_address("localhost"));
    CHECK_FALSE(parse_listen_address("localhost:"));
    CHECK_FALSE(parse_listen_address(":80"));
    CHECK_FALSE(parse_listen_address("::1:80"));
    CHECK_FALSE(parse_listen_address("[::1]80"));
    CHECK_FALSE(parse_listen_address("127.0.0.1:65536"));
    CHECK_FALSE(parse_listen_address("127.0.0.1:-1"));
    CHECK_FALSE(parse_listen_address("127.0.0.1:99999999999999999999"));
}
