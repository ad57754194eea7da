// A fixed set of threads running submitted jobs in order of submission; one per process, shared by every
// transport and session.
//
// Backpressure instead of refusal: submit() waits while max_queued jobs are already waiting, so a
// transport's reader stops reading until there is room, and a flood of requests cannot grow memory
// without bound. close() makes submit() refuse (return false) from then on and wakes those waiting;
// jobs already queued still run. wait_idle() blocks until every accepted job has run; the destructor
// closes, waits for the same and joins. Jobs must not submit jobs (a full queue would deadlock them).
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/job_runner.hpp"

namespace server {

class WorkerPool : public JobRunner {
  public:
    WorkerPool(std::size_t threads, std::size_t max_queued);
    ~WorkerPool() override;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    bool submit(std::function<void()> job, bool in_batch) override;
    void close();
    void wait_idle();

  private:
    void work();

    std::mutex m_mutex;
    std::condition_variable m_has_work;
    std::condition_variable m_has_room;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_running = 0;
    std::size_t m_max_queued;
    bool m_closed = false;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace server
