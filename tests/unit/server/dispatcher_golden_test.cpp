// Protocol exchanges replayed against the dispatcher and compared with golden files in
// tests/data/protocol/. Each file holds lines "> message" (sent by the client) followed by the lines
// "< message" the server must answer with, in order. CS_UPDATE_GOLDEN=1 rewrites the answers.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/dispatcher.hpp"
#include "test_tools.hpp"

namespace {

struct Step {
    std::string sent;
    std::vector<std::string> expected;
};

std::vector<Step> read_exchange(const std::filesystem::path& path, std::vector<std::string>& comments) {
    std::ifstream in(path);
    std::vector<Step> steps;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("> ", 0) == 0) {
            steps.push_back({line.substr(2), {}});
        } else if (line.rfind("< ", 0) == 0 && !steps.empty()) {
            steps.back().expected.push_back(line.substr(2));
        } else if (steps.empty()) {
            comments.push_back(line);
        }
    }
    return steps;
}

}  // namespace

TEST_CASE("protocol exchanges match their golden files", "[server][protocol][golden]") {
    const std::filesystem::path dir = std::filesystem::path(CS_TEST_DATA_DIR) / "protocol";
    const bool update = std::getenv("CS_UPDATE_GOLDEN") != nullptr;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".exchange") {
            continue;
        }
        ++files;
        DYNAMIC_SECTION(entry.path().filename().string()) {
            std::vector<std::string> comments;
            std::vector<Step> steps = read_exchange(entry.path(), comments);
            REQUIRE_FALSE(steps.empty());

            test_support::TestServer server;
            std::ostringstream rewritten;
            for (const std::string& comment : comments) {
                rewritten << comment << '\n';
            }
            for (Step& step : steps) {
                server.send(step.sent);
                server.drain();
                const auto actual = server.output.take();
                rewritten << "> " << step.sent << '\n';
                for (const auto& message : actual) {
                    rewritten << "< " << message.dump() << '\n';
                }
                if (update) {
                    continue;
                }
                INFO("sent: " << step.sent);
                REQUIRE(actual.size() == step.expected.size());
                for (std::size_t i = 0; i < actual.size(); ++i) {
                    CHECK(actual[i] == nlohmann::json::parse(step.expected[i]));
                }
            }
            if (update) {
                std::ofstream(entry.path()) << rewritten.str();
            }
        }
    }
    CHECK(files >= 4);
}
