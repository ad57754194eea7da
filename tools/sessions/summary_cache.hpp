// Per-file summaries of one transcript directory, persisted in the state dir so a repeated listing
// only stats files and rescans those whose size or mtime changed.
//
// One cache file per transcript directory: <state_dir>/cache/sessions-v2/<dir name>-<hash>.json, the
// hash taken over the directory's full path so two Claude config dirs never share entries. Entries are
// keyed by file name within that directory and valid only for the exact (size, mtime in ns) they were
// computed for. A cache file that is missing, corrupt, from another format version, for another
// directory or made with another allowlist (Redactor::stamp) is ignored and rebuilt.
//
// The cache holds only what SessionScanner gives: redacted text, never a secret. Version 1 caches held
// prompts and titles unredacted; load() deletes the v1 file of the directory. save() writes atomically (temp
// + rename); with concurrent writers the last one wins and the file is never torn. Not thread-safe; one
// instance per call.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "tools/core/result.hpp"
#include "tools/sessions/file_stat.hpp"
#include "tools/sessions/session_scan.hpp"

namespace tools::sessions {

class SummaryCache {
  public:
    // An empty state_dir gives a cache that never hits and never saves.
    static SummaryCache load(const std::filesystem::path& state_dir,
                             const std::filesystem::path& transcript_dir, const std::string& redaction_stamp);

    // The cached summary of file `name` if it was computed for exactly this stat; marks it as in use.
    const FileSummary* find(const std::string& name, const FileStat& stat);
    void put(const std::string& name, const FileStat& stat, FileSummary summary);
    // Keeps the entry of a file that still exists but was not looked up (filtered out by the listing).
    void keep(const std::string& name);

    // Writes the cache if anything changed since load(). With prune, entries not looked up since load()
    // are dropped (their files are gone); an interrupted listing saves without pruning. Failure is
    // reported, the listing still works.
    Result<void> save(bool prune = true);

    const std::filesystem::path& file() const { return m_file; }

  private:
    struct Slot {
        FileStat stat;
        FileSummary summary;
        bool used = false;
    };

    std::filesystem::path m_file;  // empty: caching disabled
    std::string m_dir;
    std::string m_redaction;
    std::map<std::string, Slot, std::less<>> m_slots;
    bool m_dirty = false;
};

}  // namespace tools::sessions
