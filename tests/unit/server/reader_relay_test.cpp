#include "server/transport/reader_relay.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using server::transport::ReaderRelay;

// Stands in for the worker pool: keeps what it is given, to run on the test's thread.
class KeptJobs : public server::JobRunner {
  public:
    bool submit(std::function<void()> job, bool /*in_batch*/) override {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
        return true;
    }
    std::size_t run_all() {
        std::vector<std::function<void()>> jobs;
        {
            std::lock_guard lock(m_mutex);
            jobs.swap(m_jobs);
        }
        for (auto& job : jobs) {
            job();
        }
        return jobs.size();
    }

  private:
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_jobs;
};

// The steps a test's reader takes, one per read_step call; past the last, reading ends.
struct Steps {
    std::vector<std::function<void()>> steps;
    std::size_t next = 0;
    bool operator()() {
        if (next == steps.size()) {
            return false;
        }
        steps[next++]();
        return true;
    }
};

// Submits a call that runs until released is ready (at most 30 s), then sets done. It holds the
// reading thread: only a rescue lets the next line be read meanwhile.
template <typename Future>
void submit_long_call(ReaderRelay& relay, Future& released, std::atomic<bool>& done) {
    relay.submit(
        [&] {
            released.wait_for(30s);
            done = true;
        },
        false);
}

}  // namespace

TEST_CASE("a call submitted by the reading thread runs on that thread", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5s);
    std::thread::id job_thread;
    bool accepted = false;
    Steps steps{{[&] { accepted = relay.submit([&] { job_thread = std::this_thread::get_id(); }, false); },
                 [&] { accepted = accepted && relay.submit([] {}, false); }}};
    relay.run(std::ref(steps));
    CHECK(accepted);
    CHECK(job_thread == std::this_thread::get_id());
    CHECK(pool.run_all() == 0);
}

TEST_CASE("a long call hands the reading to the standby thread, which keeps serving", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5ms);
    std::promise<std::thread::id> read_meanwhile;
    std::future<std::thread::id> read_by = read_meanwhile.get_future();
    std::atomic<bool> long_call_done{false};
    bool second_accepted = false;
    std::thread::id reader_thread = std::this_thread::get_id();
    Steps steps{{
        // The long call waits until the next line is read.
        [&] { submit_long_call(relay, read_by, long_call_done); },
        [&] {
            // Read while the long call still runs, so this call must not run inline too.
            second_accepted = relay.submit([] {}, false);
            read_meanwhile.set_value(std::this_thread::get_id());
        },
    }};
    relay.run(std::ref(steps));
    REQUIRE(read_by.wait_for(0s) == std::future_status::ready);
    CHECK(read_by.get() != reader_thread);
    CHECK(long_call_done);  // run() returned only once the call running inline was done
    CHECK(second_accepted);
    CHECK(pool.run_all() == 1);
}

TEST_CASE("after a rescue the calls run inline again, on the thread now reading", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5ms);
    std::promise<void> rescued;
    std::future<void> rescue = rescued.get_future();
    std::atomic<bool> long_call_done{false};
    std::thread::id later_reader;
    std::thread::id later_job;
    Steps steps{{
        [&] { submit_long_call(relay, rescue, long_call_done); },
        [&] { rescued.set_value(); },
        [&] {
            // Waits (bounded) for the first thread to finish its call and stand by.
            for (int i = 0; i < 3000 && !long_call_done; ++i) {
                std::this_thread::sleep_for(1ms);
            }
            later_reader = std::this_thread::get_id();
            relay.submit([&] { later_job = std::this_thread::get_id(); }, false);
        },
    }};
    relay.run(std::ref(steps));
    REQUIRE(long_call_done);
    CHECK(later_reader != std::this_thread::get_id());
    CHECK(later_job == later_reader);
    CHECK(pool.run_all() == 0);
}

TEST_CASE("a closed relay refuses calls, as a closed pool does", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5s);
    bool ran = false;
    bool accepted = true;
    relay.close();
    Steps steps{{[&] { accepted = relay.submit([&] { ran = true; }, false); }}};
    relay.run(std::ref(steps));
    CHECK_FALSE(accepted);
    CHECK_FALSE(ran);
    CHECK(pool.run_all() == 0);
}

TEST_CASE("calls from threads that do not read go to the pool", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5s);
    bool accepted = false;
    std::thread other([&] { accepted = relay.submit([] {}, false); });
    other.join();
    CHECK(accepted);
    CHECK(pool.run_all() == 1);
}

TEST_CASE("the members of a batch go to the pool, to run side by side", "[server][relay]") {
    KeptJobs pool;
    ReaderRelay relay(pool, 5s);
    bool ran_here = false;
    Steps steps{{[&] {
        relay.submit([&] { ran_here = true; }, true);
        relay.submit([&] { ran_here = true; }, true);
    }}};
    relay.run(std::ref(steps));
    CHECK_FALSE(ran_here);
    CHECK(pool.run_all() == 2);
    CHECK(ran_here);
}
