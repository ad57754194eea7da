#include "server/logging.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

#include "protocol/mcp_messages.hpp"
#include "server/dispatcher.hpp"

namespace server {
namespace {

const char* mcp_level(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            return "debug";
        case spdlog::level::info:
            return "info";
        case spdlog::level::warn:
            return "warning";
        case spdlog::level::err:
            return "error";
        case spdlog::level::critical:
            return "critical";
        default:
            return "info";
    }
}

class ClientSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    ClientSink(const Dispatcher& dispatcher, OutputChannel& output)
        : m_dispatcher(dispatcher), m_output(output) {}

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const int wanted = m_dispatcher.client_log_level();
        const char* level = mcp_level(msg.level);
        if (wanted < 0 || protocol::log_level_index(level) < wanted) {
            return;
        }
        m_output.send(protocol::log_notification(level, "context-sync",
                                                 std::string_view(msg.payload.data(), msg.payload.size())));
    }
    void flush_() override {}

  private:
    const Dispatcher& m_dispatcher;
    OutputChannel& m_output;
};

}  // namespace

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
    if (!ok) {
        spdlog::error("{}", problem);
    }
    return ok;
}

ClientLogForwarding::ClientLogForwarding(const Dispatcher& dispatcher, OutputChannel& output) {
    auto sink = std::make_shared<ClientSink>(dispatcher, output);
    sink->set_level(spdlog::level::debug);
    spdlog::default_logger()->sinks().push_back(std::move(sink));
}

ClientLogForwarding::~ClientLogForwarding() {
    auto& sinks = spdlog::default_logger()->sinks();
    std::erase_if(sinks, [](const spdlog::sink_ptr& sink) { return dynamic_cast<ClientSink*>(sink.get()); });
}

}  // namespace server
