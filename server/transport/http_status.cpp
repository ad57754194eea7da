#include "server/transport/http_status.hpp"

#include "protocol/jsonrpc.hpp"
#include "server/transport/http_guard.hpp"

namespace server::transport::http {

using Json = nlohmann::json;
namespace code = protocol::error_code;

int status_for(const Json& reply, bool modern) {
    if (!reply.is_object() || !reply.contains("error")) {
        return 200;
    }
    const Json& error = reply["error"];
    const int error_code = error.is_object() && error.contains("code") && error["code"].is_number_integer()
                               ? error["code"].get<int>()
                               : 0;
    if (modern && error_code == code::method_not_found) {
        return 404;
    }
    if (error_code == code::unsupported_protocol_version ||
        error_code == code::missing_required_client_capability || error_code == header_mismatch ||
        error_code == code::parse_error) {
        return 400;
    }
    if (reply.contains("id") && reply["id"].is_null()) {
        return 400;
    }
    return 200;
}

std::string status_text(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 413:
            return "Payload Too Large";
        case 414:
            return "URI Too Long";
        case 431:
            return "Request Header Fields Too Large";
        case 503:
            return "Service Unavailable";
        default:
            return "HTTP error " + std::to_string(status);
    }
}

}  // namespace server::transport::http
