// A fixed set of threads running submitted jobs in order of submission.
//
// submit() refuses work (returns false) when max_queued jobs are already waiting, so a flood of
// requests cannot grow memory without bound. wait_idle() blocks until every accepted job has run; the
// destructor waits for the same and joins. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace server {

class WorkerPool {
  public:
    WorkerPool(std::size_t threads, std::size_t max_queued);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    bool submit(std::function<void()> job);
    void wait_idle();

  private:
    void work();

    std::mutex m_mutex;
    std::condition_variable m_has_work;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_running = 0;
    std::size_t m_max_queued;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace server
