// What a fuzz target asserts beyond "no sanitizer report": a broken invariant aborts, which libFuzzer
// records as a crash with the input that caused it.
#pragma once

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#define FUZZ_CHECK(condition)                                                                        \
    do {                                                                                             \
        if (!(condition)) {                                                                          \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                            \
        }                                                                                            \
    } while (false)

namespace fuzz {

// Log records are still formatted (that code runs on hostile data too) but go nowhere: a target that
// logs per input would spend its time writing to stderr.
inline void discard_logs() {
    auto logger = std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace fuzz

// libFuzzer and replay_main.cpp call this before the first input. Defined here because each target is
// one source file that includes this header once.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::discard_logs();
    return 0;
}
