#include "server/transport/stop_signal.hpp"

#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace server::transport {
namespace {

void raise_event(int fd) {
    const std::uint64_t one = 1;
    while (::write(fd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    return signals;
}

}  // namespace

void StopSignal::block_signals() {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

StopSignal::StopSignal(std::function<void()> on_stop) : m_on_stop(std::move(on_stop)) {
    block_signals();
    const sigset_t signals = stop_signals();
    m_signal_fd = ::signalfd(-1, &signals, SFD_CLOEXEC);
    m_quit_fd = ::eventfd(0, EFD_CLOEXEC);
    m_stopped_fd = ::eventfd(0, EFD_CLOEXEC);
    if (m_signal_fd < 0 || m_quit_fd < 0 || m_stopped_fd < 0) {
        spdlog::warn("cannot watch for SIGTERM/SIGINT; stop the server by closing its input");
        return;
    }
    m_thread = std::thread([this] { watch(); });
}

StopSignal::~StopSignal() {
    if (m_thread.joinable()) {
        raise_event(m_quit_fd);
        m_thread.join();
    }
    for (const int fd : {m_signal_fd, m_quit_fd, m_stopped_fd}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

void StopSignal::watch() {
    for (;;) {
        pollfd fds[2] = {{m_signal_fd, POLLIN, 0}, {m_quit_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            return;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            signalfd_siginfo info{};
            if (::read(m_signal_fd, &info, sizeof info) > 0) {
                spdlog::info("received signal {}, stopping", info.ssi_signo);
            }
            m_stopped.store(true);
            m_on_stop();
            raise_event(m_stopped_fd);
            return;
        }
    }
}

}  // namespace server::transport
