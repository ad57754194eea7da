#include "server/worker_pool.hpp"

namespace server {

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queued) : m_max_queued(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) {
        m_threads.emplace_back([this] { work(); });
    }
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_stopping = true;
    }
    m_has_room.notify_all();
    m_has_work.notify_all();
    for (std::thread& thread : m_threads) {
        thread.join();
    }
}

bool WorkerPool::submit(std::function<void()> job, bool /*in_batch*/) {
    {
        std::unique_lock lock(m_mutex);
        m_has_room.wait(lock, [this] { return m_closed || m_jobs.size() < m_max_queued; });
        if (m_closed) {
            return false;
        }
        m_jobs.push_back(std::move(job));
    }
    m_has_work.notify_one();
    return true;
}

void WorkerPool::close() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_has_room.notify_all();
}

void WorkerPool::wait_idle() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && m_running == 0; });
}

void WorkerPool::work() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Drain the queue before honouring a stop, so accepted requests always get their answer.
        m_has_work.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty()) {
            return;
        }
        std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        ++m_running;
        m_has_room.notify_one();
        lock.unlock();
        job();
        job = nullptr;  // release what the job holds before reporting idle
        lock.lock();
        --m_running;
        if (m_jobs.empty() && m_running == 0) {
            m_idle.notify_all();
        }
    }
}

}  // namespace server
