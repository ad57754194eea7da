#include "server/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

#include "server/request_log.hpp"

namespace server {

bool configure_logging(const std::string& level, const std::string& log_file) {
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
    bool ok = true;
    std::string problem;
    if (!log_file.empty()) {
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file));
        } catch (const spdlog::spdlog_ex& e) {
            ok = false;
            problem = "cannot open log file " + log_file + ": " + e.what();
        }
    }
    auto logger = std::make_shared<spdlog::logger>("context-sync", sinks.begin(), sinks.end());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    const auto parsed = spdlog::level::from_str(level);
    // from_str maps unknown names to "off"; only accept "off" when it was asked for.
    if (parsed == spdlog::level::off && level != "off") {
        ok = false;
        problem = "unknown log level '" + level + "'";
        logger->set_level(spdlog::level::info);
    } else {
        logger->set_level(parsed);
    }
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    install_request_log_sink();
    if (!ok) {
        spdlog::error("{}", problem);
    }
    return ok;
}

}  // namespace server
