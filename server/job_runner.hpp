// Where the Dispatcher sends the methods that may take long (tools/call, prompts/get, resources/read).
//
// submit() either runs the job before returning or queues it to run on another thread; either way the
// job runs exactly once when submit returns true, and never when it returns false (the runner is
// shutting down). in_batch says the job is one of several that one text (a JSON-RPC batch) hands over
// together: those must run side by side, so never on the caller's thread. Jobs must not throw and must
// not submit jobs. Implementations are thread-safe.
#pragma once

#include <functional>

namespace server {

class JobRunner {
  public:
    virtual ~JobRunner() = default;
    virtual bool submit(std::function<void()> job, bool in_batch) = 0;
};

}  // namespace server
