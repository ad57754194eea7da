// Where the dispatcher sends responses and notifications. Implementations must be thread-safe: worker
// threads send concurrently, and each message must reach the peer whole.
#pragma once

#include <nlohmann/json.hpp>

namespace server {

class OutputChannel {
  public:
    virtual ~OutputChannel() = default;
    virtual void send(const nlohmann::json& message) = 0;
};

}  // namespace server
