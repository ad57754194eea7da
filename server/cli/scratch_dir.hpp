// A temporary directory for the demo that is removed whatever happens, and the signals held while it
// exists.
//
// HeldSignals: Ctrl-C, a closed terminal or a kill must not leave the directory behind. While one is
// alive, SIGINT, SIGTERM and SIGHUP only set a flag (on whichever thread they land); the work checks
// caught() between steps and stops, the directory is removed, and the destructor raises the signal
// again with its old disposition, so the process ends the way it would have. Declare it before the
// ScratchDir. One at a time per process.
//
// ScratchDir: mkdtemp under $TMPDIR (or /tmp); throws std::runtime_error when that fails. The
// destructor removes the tree and reports nothing.
#pragma once

#include <signal.h>

#include <array>
#include <filesystem>

namespace server::cli {

class HeldSignals {
  public:
    HeldSignals();
    HeldSignals(const HeldSignals&) = delete;
    HeldSignals& operator=(const HeldSignals&) = delete;
    ~HeldSignals();

    static bool caught();

  private:
    static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
    std::array<struct sigaction, 3> m_old{};
};

class ScratchDir {
  public:
    explicit ScratchDir(const char* name_prefix);
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir();

    const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

}  // namespace server::cli
