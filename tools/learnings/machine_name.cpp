#include "tools/learnings/machine_name.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <ctime>

namespace tools::learnings {

std::string default_machine_name() {
    if (const char* env = std::getenv("CONTEXT_SYNC_MACHINE"); env != nullptr && *env != '\0') {
        return env;
    }
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0 || host[0] == '\0') {
        return "unknown";
    }
    std::string name(host.data());
    if (const auto dot = name.find('.'); dot != std::string::npos && dot > 0) {
        name.resize(dot);
    }
    return name;
}

std::string local_date_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    std::array<char, 16> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%d", &local);
    return text.data();
}

}  // namespace tools::learnings
