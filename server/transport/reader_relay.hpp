// Runs a transport's reading loop on two threads that take turns, and the jobs the Dispatcher submits
// on the reading thread itself whenever it can. A client that sends one call at a time (the usual case,
// and a paging client always) then costs no thread hand-off per call: on this project's 2-core VM the
// hand-off to a pool worker and back cost more CPU per page than condensing the page did.
//
// The thread holding the reader role runs a submitted job itself when no other job runs that way. Just
// before, it arms a one-shot timer for rescue_after. The other thread waits on that timer: if the job
// still runs when it fires, that thread takes the reader role, so notifications/cancelled, ping and
// more calls keep being read while the long job runs, and the first thread stands by once its job is
// done. A job submitted while another runs inline, from a thread without the role, as a member of a
// batch (its siblings would wait for it), or when no timer could be made, goes to the pool.
//
// The role changes hands under a mutex while its holder is inside a job, that is inside read_step. So
// read_step must not touch its reading state once it has handed a message over (stdio's reads a line
// into a local string, dispatches it and returns): then that state is used by one thread at a time.
//
// Ownership: the pool outlives the relay. Thread safety: submit() and close() from any thread; run()
// once, from one thread. Errors: run() never throws; an exception out of read_step is logged and ends
// the reading.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "server/job_runner.hpp"

namespace server::transport {

class ReaderRelay : public JobRunner {
  public:
    ReaderRelay(JobRunner& pool, std::chrono::milliseconds rescue_after);
    ~ReaderRelay() override;
    ReaderRelay(const ReaderRelay&) = delete;
    ReaderRelay& operator=(const ReaderRelay&) = delete;

    // Calls read_step on the calling thread (and on the standby thread after a rescue) until it returns
    // false: the input ended or a stop was asked for. Returns once both threads are out of read_step and
    // no job runs inline; jobs given to the pool may still run.
    void run(const std::function<bool()>& read_step);

    bool submit(std::function<void()> job, bool in_batch) override;

    // From now on submit() refuses (returns false), as the pool does once closed.
    void close();

  private:
    void take_turns(const std::function<bool()>& read_step);
    bool holds_role();
    bool wait_for_role();
    void finish_reading();
    void arm_timer(std::chrono::nanoseconds after);

    JobRunner& m_pool;
    const std::chrono::milliseconds m_rescue_after;
    int m_timer_fd = -1;
    std::mutex m_mutex;
    std::thread::id m_reader;
    bool m_inline_running = false;
    bool m_reading_done = false;
    bool m_closed = false;
};

}  // namespace server::transport
