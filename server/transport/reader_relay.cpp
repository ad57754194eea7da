#include "server/transport/reader_relay.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>

namespace server::transport {

ReaderRelay::ReaderRelay(JobRunner& pool, std::chrono::milliseconds rescue_after)
    : m_pool(pool), m_rescue_after(rescue_after) {
    // Non-blocking: re-arming between the standby's poll and its read clears the expiry count.
    m_timer_fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (m_timer_fd < 0) {
        spdlog::warn("no timer for the stdio reader ({}): every call goes through the worker pool",
                     std::strerror(errno));
    }
}

ReaderRelay::~ReaderRelay() {
    if (m_timer_fd >= 0) {
        ::close(m_timer_fd);
    }
}

void ReaderRelay::run(const std::function<bool()>& read_step) {
    {
        std::lock_guard lock(m_mutex);
        m_reader = std::this_thread::get_id();
    }
    if (m_timer_fd < 0) {
        take_turns(read_step);
        return;
    }
    std::thread standby([this, &read_step] { take_turns(read_step); });
    take_turns(read_step);
    standby.join();
}

bool ReaderRelay::submit(std::function<void()> job, bool in_batch) {
    bool runs_here = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closed) {
            return false;
        }
        runs_here = !in_batch && m_timer_fd >= 0 && !m_inline_running && !m_reading_done &&
                    m_reader == std::this_thread::get_id();
        m_inline_running = m_inline_running || runs_here;
    }
    if (!runs_here) {
        return m_pool.submit(std::move(job), in_batch);  // may wait for room: never with the mutex held
    }
    arm_timer(m_rescue_after);
    try {
        job();
    } catch (const std::exception& e) {  // jobs catch their own; this keeps the reader alive regardless
        spdlog::error("a call failed outside its error boundary: {}", e.what());
    } catch (...) {
        spdlog::error("a call failed outside its error boundary");
    }
    arm_timer(std::chrono::nanoseconds(0));
    std::lock_guard lock(m_mutex);
    m_inline_running = false;
    return true;
}

void ReaderRelay::close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
}

void ReaderRelay::take_turns(const std::function<bool()>& read_step) {
    try {
        for (;;) {
            if (!holds_role() && !wait_for_role()) {
                return;
            }
            if (!read_step()) {
                finish_reading();
                return;
            }
        }
    } catch (const std::exception& e) {
        spdlog::error("reading the input failed: {}", e.what());
    } catch (...) {
        spdlog::error("reading the input failed");
    }
    finish_reading();
}

bool ReaderRelay::holds_role() {
    std::lock_guard lock(m_mutex);
    return m_reader == std::this_thread::get_id() && !m_reading_done;
}

bool ReaderRelay::wait_for_role() {
    const std::thread::id self = std::this_thread::get_id();
    for (;;) {
        {
            // Checked before every wait: a job ending inline disarms the timer, which may clear the
            // expiry that finish_reading() raised to wake this thread.
            std::lock_guard lock(m_mutex);
            if (m_reading_done) {
                return false;
            }
        }
        pollfd timer{m_timer_fd, POLLIN, 0};
        if (::poll(&timer, 1, -1) < 0 && errno != EINTR) {
            spdlog::error("waiting for the stdio reader's timer failed: {}", std::strerror(errno));
            return false;
        }
        std::uint64_t expiries = 0;
        [[maybe_unused]] const ssize_t n = ::read(m_timer_fd, &expiries, sizeof expiries);
        std::lock_guard lock(m_mutex);
        if (m_reading_done) {
            return false;
        }
        // An expiry may be stale (the job ended before the timer was disarmed, or a new one started):
        // taking the role for a job that only just started costs one hand-over, nothing more.
        if (m_inline_running && m_reader != self) {
            m_reader = self;
            spdlog::debug("a call ran past {} ms: the standby thread reads on", m_rescue_after.count());
            return true;
        }
    }
}

void ReaderRelay::finish_reading() {
    {
        std::lock_guard lock(m_mutex);
        if (m_reading_done) {
            return;
        }
        m_reading_done = true;
    }
    if (m_timer_fd >= 0) {
        arm_timer(std::chrono::nanoseconds(1));  // wakes the standby thread so it can leave
    }
}

void ReaderRelay::arm_timer(std::chrono::nanoseconds after) {
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(after.count() / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(after.count() % 1'000'000'000);
    ::timerfd_settime(m_timer_fd, 0, &spec, nullptr);
}

}  // namespace server::transport
