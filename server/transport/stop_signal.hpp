// SIGTERM and SIGINT, turned into a callback on a thread of their own and a file descriptor to poll.
//
// block_signals() blocks both in the calling thread: call it before starting any other thread (they
// inherit the mask), so no signal can interrupt a worker halfway through writing a message.
// A dedicated thread reads the signals, so a stop is honoured even while the reader is held by
// backpressure: on_stop runs on that thread (it must be thread-safe), then stopped_fd() becomes readable.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace server::transport {

class StopSignal {
  public:
    static void block_signals();

    explicit StopSignal(std::function<void()> on_stop);
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    // Readable once a signal arrived; -1 when signals could not be watched.
    int stopped_fd() const { return m_stopped_fd; }
    bool stopped() const { return m_stopped.load(); }

  private:
    void watch();

    std::function<void()> m_on_stop;
    int m_signal_fd = -1;
    int m_quit_fd = -1;
    int m_stopped_fd = -1;
    std::atomic<bool> m_stopped{false};
    std::thread m_thread;
};

}  // namespace server::transport
