#include "server/transport/http_guard.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

#include "protocol/jsonrpc.hpp"
#include "protocol/mcp_messages.hpp"
#include "protocol/versions.hpp"
#include "tools/core/base64.hpp"

namespace server::transport::http {
namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "host", "host:port", "[v6]" or "[v6]:port" without the port.
std::string_view strip_port(std::string_view host) {
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) {
            return {};
        }
        const std::string_view rest = host.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !all_digits(rest.substr(1)))) {
            return {};
        }
        return host.substr(0, close + 1);
    }
    const auto colon = host.find(':');
    if (colon == std::string_view::npos) {
        return host;
    }
    if (!all_digits(host.substr(colon + 1))) {
        return {};
    }
    return host.substr(0, colon);
}

bool is_ipv4_loopback(std::string_view host) {
    // 127.a.b.c with four decimal parts of at most three digits each, each <= 255.
    int parts = 0;
    while (!host.empty()) {
        const auto dot = host.find('.');
        const std::string_view part = host.substr(0, dot);
        if (!all_digits(part) || part.size() > 3 || std::stoi(std::string(part)) > 255) {
            return false;
        }
        if (parts == 0 && part != "127") {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        host.remove_prefix(dot + 1);
        if (host.empty()) {
            return false;
        }
    }
    return parts == 4;
}

Rejection mismatch(std::string message) {
    return Rejection{400, header_mismatch, "Header mismatch: " + std::move(message)};
}

}  // namespace

bool is_loopback_address(std::string_view address) {
    return iequals(address, "localhost") || is_ipv4_loopback(address) || address == "::1" ||
           address == "[::1]";
}

bool is_loopback_host(std::string_view host) {
    return is_loopback_address(strip_port(host));
}

bool origin_allowed(std::optional<std::string_view> origin, const std::vector<std::string>& allowed) {
    if (!origin) {
        return true;
    }
    const std::string_view value = trim(*origin);
    if (std::any_of(allowed.begin(), allowed.end(),
                    [&](const std::string& a) { return iequals(a, value); })) {
        return true;
    }
    std::string_view host;
    if (istarts_with(value, "http://")) {
        host = value.substr(7);
    } else if (istarts_with(value, "https://")) {
        host = value.substr(8);
    } else {
        return false;
    }
    // An origin is scheme://host[:port] and nothing after it.
    if (host.find_first_of("/?#@") != std::string_view::npos) {
        return false;
    }
    return is_loopback_host(host);
}

bool bearer_matches(std::optional<std::string_view> authorization, std::string_view token) {
    if (!authorization || token.empty()) {
        return false;
    }
    std::string_view value = trim(*authorization);
    if (!istarts_with(value, "bearer ")) {
        return false;
    }
    value = trim(value.substr(7));
    // The length is no secret worth hiding (the token file's size tells it too); the bytes are.
    if (value.size() != token.size()) {
        return false;
    }
    return CRYPTO_memcmp(value.data(), token.data(), token.size()) == 0;
}

bool accepts(std::optional<std::string_view> accept, std::string_view media_type) {
    if (!accept) {
        return true;
    }
    const std::string_view type = media_type.substr(0, media_type.find('/'));
    std::string_view rest = *accept;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const auto semicolon = item.find(';');
        const std::string_view range = trim(item.substr(0, semicolon));
        bool refused = false;
        if (semicolon != std::string_view::npos) {
            std::string_view params = item.substr(semicolon + 1);
            const auto q = params.find("q=");
            if (q != std::string_view::npos) {
                const std::string_view weight = trim(params.substr(q + 2, params.find(';', q) - q - 2));
                refused = !weight.empty() && weight.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (refused) {
            continue;
        }
        if (range == "*/*" || iequals(range, media_type) ||
            (range.size() == type.size() + 2 && istarts_with(range, type) &&
             range.substr(type.size()) == "/*")) {
            return true;
        }
    }
    return false;
}

VersionHeader parse_version_header(std::optional<std::string_view> value) {
    VersionHeader result;
    if (!value) {
        return result;
    }
    const std::string_view version = trim(*value);
    const bool well_formed = version.size() == 10 && all_digits(version.substr(0, 4)) && version[4] == '-' &&
                             all_digits(version.substr(5, 2)) && version[7] == '-' &&
                             all_digits(version.substr(8, 2));
    if (!well_formed) {
        result.rejection = Rejection{400, protocol::error_code::invalid_request,
                                     "Bad Request: malformed MCP-Protocol-Version header"};
        return result;
    }
    if (!protocol::is_supported(version)) {
        const nlohmann::json error = protocol::unsupported_version_error(nullptr, version);
        result.rejection = Rejection{400, protocol::error_code::unsupported_protocol_version,
                                     "Unsupported protocol version", error["error"]["data"]};
        return result;
    }
    result.version = std::string(version);
    return result;
}

std::optional<std::string> decode_header_value(std::string_view value) {
    const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == '\t' || (byte >= 0x20 && byte <= 0x7e);
    });
    if (!plain) {
        return std::nullopt;
    }
    constexpr std::string_view prefix = "=?base64?";
    constexpr std::string_view suffix = "?=";
    if (value.size() < prefix.size() + suffix.size() || value.substr(0, prefix.size()) != prefix ||
        value.substr(value.size() - suffix.size()) != suffix) {
        return std::string(value);
    }
    std::string encoded(value.substr(prefix.size(), value.size() - prefix.size() - suffix.size()));
    // Standard Base64 (with padding) onto the base64url decoder, which refuses anything ambiguous.
    while (!encoded.empty() && encoded.back() == '=') {
        encoded.pop_back();
    }
    if (encoded.find('-') != std::string::npos || encoded.find('_') != std::string::npos) {
        return std::nullopt;
    }
    std::replace(encoded.begin(), encoded.end(), '+', '-');
    std::replace(encoded.begin(), encoded.end(), '/', '_');
    return tools::base64url_decode(encoded);
}

std::optional<Rejection> check_modern_headers(const ModernHeaders& headers, const nlohmann::json& body) {
    if (!body.is_object()) {
        return mismatch("the body must be a single JSON-RPC message");
    }
    const auto method_it = body.find("method");
    if (method_it == body.end() || !method_it->is_string()) {
        return std::nullopt;  // not a request or notification: the dispatcher says what is wrong with it
    }
    const std::string& method = method_it->get_ref<const std::string&>();
    const auto params_it = body.find("params");
    const nlohmann::json params =
        params_it != body.end() && params_it->is_object() ? *params_it : nlohmann::json::object();

    if (!headers.protocol_version) {
        return mismatch("the MCP-Protocol-Version header is required");
    }
    const std::optional<std::string> declared = protocol::declared_version(params);
    if (declared && *declared != trim(*headers.protocol_version)) {
        return mismatch("the MCP-Protocol-Version header does not match the body's protocol version");
    }
    if (!headers.method) {
        return mismatch("the Mcp-Method header is required");
    }
    if (*headers.method != method) {
        return mismatch("Mcp-Method header value does not match the body's method '" + method + "'");
    }
    const char* name_field = method == "tools/call" || method == "prompts/get" ? "name"
                             : method == "resources/read"                      ? "uri"
                                                                               : nullptr;
    if (name_field == nullptr) {
        return std::nullopt;
    }
    if (!headers.name) {
        return mismatch("the Mcp-Name header is required for " + method);
    }
    const std::optional<std::string> name = decode_header_value(*headers.name);
    if (!name) {
        return mismatch("the Mcp-Name header holds invalid characters or invalid Base64");
    }
    const auto field = params.find(name_field);
    if (field == params.end() || !field->is_string() || field->get_ref<const std::string&>() != *name) {
        return mismatch(std::string("Mcp-Name header value does not match the body's params.") + name_field);
    }
    return std::nullopt;
}

bool is_valid_session_id(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x21 && byte <= 0x7e;
    });
}

std::string rejection_body(const Rejection& rejection) {
    return protocol::serialize(
        protocol::make_error(nullptr, rejection.code, rejection.message, rejection.data));
}

}  // namespace server::transport::http
