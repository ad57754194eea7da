#include "server/cli/scratch_dir.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace server::cli {
namespace {

volatile std::sig_atomic_t g_caught_signal = 0;

extern "C" void note_signal(int signal) {
    g_caught_signal = signal;
}

}  // namespace

HeldSignals::HeldSignals() {
    struct sigaction action {};
    action.sa_handler = note_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
        sigaction(kSignals[i], &action, &m_old[i]);
    }
}

HeldSignals::~HeldSignals() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
        sigaction(kSignals[i], &m_old[i], nullptr);
    }
    if (g_caught_signal != 0) {
        std::cout.flush();  // the signal's default action would drop what is still buffered
        std::raise(g_caught_signal);
    }
}

bool HeldSignals::caught() {
    return g_caught_signal != 0;
}

ScratchDir::ScratchDir(const char* name_prefix) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + name_prefix + ".XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory under " + pattern);
    }
    m_path = pattern;
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

}  // namespace server::cli
