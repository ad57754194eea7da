// The HTTP side of a JSON-RPC reply on the Streamable HTTP transport. Pure functions.
//
// status_for: errors about the HTTP request itself (no id could be read, an unsupported version, a
// header that contradicts the body, a parse error) are 400; the stateless revision (modern) reports an
// unknown method as 404; every other reply, errors included, is 200 with the error in the body.
// status_text: the reason phrase for the statuses this server sends.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace server::transport::http {

int status_for(const nlohmann::json& reply, bool modern);
std::string status_text(int status);

}  // namespace server::transport::http
