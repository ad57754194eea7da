// Cancellation and progress reporting for long operations, without knowing who listens.
//
// A Progress is passed by reference into long-running core functions. They call report() now and then
// and check cancelled() between units of work (a line, a file); on cancellation they return
// ErrorCode::cancelled. Thread safety: the flag may be set from another thread; the callback is invoked
// on the worker's thread and must be thread-safe itself if it touches shared state.
#pragma once

#include <atomic>
#include <functional>
#include <string_view>

namespace tools {

class Progress {
  public:
    using Callback = std::function<void(double done, double total, std::string_view message)>;

    Progress() = default;
    Progress(const std::atomic<bool>* cancel_flag, Callback callback)
        : m_cancel_flag(cancel_flag), m_callback(std::move(callback)) {}

    bool cancelled() const {
        return m_cancel_flag != nullptr && m_cancel_flag->load(std::memory_order_relaxed);
    }
    void report(double done, double total, std::string_view message) const {
        if (m_callback) {
            m_callback(done, total, message);
        }
    }

    // A Progress that never cancels and reports nowhere, for callers that do not care.
    static const Progress& none() {
        static const Progress instance;
        return instance;
    }

  private:
    const std::atomic<bool>* m_cancel_flag = nullptr;
    Callback m_callback;
};

}  // namespace tools
