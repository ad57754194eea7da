// list_sessions (declared in session_list.hpp): enumerate the project's transcript directories,
// summarise each session through the cache, then filter, sort and page.
#include "tools/sessions/session_list.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include "tools/core/utf8.hpp"
#include "tools/sessions/file_stat.hpp"
#include "tools/sessions/path_guard.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_scan.hpp"
#include "tools/sessions/subagent_files.hpp"
#include "tools/sessions/summary_cache.hpp"
#include "tools/sessions/sync_state.hpp"

namespace tools::sessions {
namespace {

// A file is "being written" when it changed this recently.
constexpr TimeMs kActiveWindowMs = TimeMs{60} * 1000;

struct TranscriptFile {
    std::string name;  // file name within the directory
    std::filesystem::path path;
    FileStat stat;
};

struct DirListing {
    ProjectDir dir;
    std::vector<TranscriptFile> sessions;
    std::vector<TranscriptFile> agents;  // 2.0.x agent-*.jsonl beside the sessions
    std::set<std::string> subdirs;       // 2.1.x <session-id>/ folders
};

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

DirListing list_dir(const ProjectDir& dir) {
    DirListing listing{dir, {}, {}, {}};
    std::error_code ec;
    std::filesystem::directory_iterator it(dir.dir, ec);
    if (ec) {
        spdlog::warn("cannot read {}: {}", dir.dir.string(), ec.message());
    }
    for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        std::error_code entry_ec;
        if (it->is_directory(entry_ec)) {
            listing.subdirs.insert(std::move(name));
            continue;
        }
        if (!ends_with(name, ".jsonl") || name.size() == 6) {
            continue;
        }
        if (it->is_symlink(entry_ec) && !is_within(it->path(), dir.dir)) {
            spdlog::warn("{} leads outside the transcript directory; ignored", it->path().string());
            continue;
        }
        const std::optional<FileStat> stat = stat_file(it->path());
        if (!stat || !stat->regular) {
            continue;
        }
        const bool agent = is_agent_file_name(name);
        TranscriptFile file{std::move(name), it->path(), *stat};
        (agent ? listing.agents : listing.sessions).push_back(std::move(file));
    }
    return listing;
}

SessionSummary make_summary(const TranscriptFile& file, const FileSummary& contents,
                            const secrets::Redactor& redactor) {
    SessionSummary summary;
    const secrets::Redaction id = redactor.redact(sanitize_utf8(file.path.stem().string()));
    const secrets::Redaction path = redactor.redact(sanitize_utf8(file.path.string()));
    summary.session_id = id.text;
    summary.path = path.text;
    summary.redactions = contents.redactions + id.count + path.count;
    summary.started_at = contents.started_at;
    summary.modified_at = file.stat.mtime_ms();
    summary.size_bytes = file.stat.size;
    summary.messages = contents.messages;
    summary.first_prompt = contents.first_prompt;
    summary.title = contents.title;
    summary.git_branch = contents.git_branch;
    summary.cwd = contents.cwd;
    summary.version = contents.version;
    return summary;
}

// The state of one list_sessions call while it walks the transcript directories.
struct ListRun {
    ListRun(const ListOptions& list_options, const secrets::Redactor& list_redactor,
            const Progress& list_progress)
        : options(list_options),
          redactor(list_redactor),
          progress(list_progress),
          variants(project_path_variants(options.project_path)) {
        // Cached cwds are redacted, so they are matched against the project path redacted alike.
        for (const std::string& variant : variants) {
            redacted_variants.push_back(redactor.redact(variant).text);
        }
        const SyncRecord record = read_sync_record(options.state_dir, options.project_path);
        synced_sessions.insert(record.synced_sessions.begin(), record.synced_sessions.end());
        sync_sessions.insert(record.sync_sessions.begin(), record.sync_sessions.end());
    }

    const ListOptions& options;
    const secrets::Redactor& redactor;
    const Progress& progress;
    std::vector<std::string> variants;           // spellings of the project path
    std::vector<std::string> redacted_variants;  // the same, as the redactor shows them
    TimeMs now = 0;
    std::size_t done = 0;   // session files visited, for progress
    std::size_t total = 0;  // session files in all directories
    SessionScanner scanner;
    ListResult result;
    std::vector<SessionSummary> out;  // every listed session, unsorted
    std::set<std::string, std::less<>> synced_sessions;
    std::set<std::string, std::less<>> sync_sessions;

    Result<void> summarise_dir(const DirListing& listing);
};

// Summarises every session of one directory that belongs to the project and passes the listing's
// filters (since, active) into `out`.
Result<void> ListRun::summarise_dir(const DirListing& listing) {
    SummaryCache cache = SummaryCache::load(options.state_dir, listing.dir.dir, redactor.stamp());
    const auto save_cache = [&](bool prune) {
        if (auto saved = cache.save(prune); !saved) {
            spdlog::warn("cannot save the session cache: {}", saved.error().message);
        }
    };

    // 2.0.x subagent files name their parent session in their lines.
    std::map<std::string, std::uint64_t, std::less<>> sibling_agents;
    for (const TranscriptFile& agent : listing.agents) {
        std::string parent;
        if (const FileSummary* cached = cache.find(agent.name, agent.stat)) {
            parent = cached->session_id;
        } else if (auto head = scanner.scan_head(agent.path)) {
            FileSummary summary;
            summary.session_id = redactor.redact(head->session_id).text;
            summary.cwd = redactor.redact(head->cwd).text;
            parent = summary.session_id;
            cache.put(agent.name, agent.stat, std::move(summary));
        }
        if (!parent.empty()) {
            ++sibling_agents[parent];
        }
    }

    for (const TranscriptFile& file : listing.sessions) {
        if (progress.cancelled()) {
            save_cache(false);
            return make_error(ErrorCode::cancelled, "listing cancelled");
        }
        progress.report(static_cast<double>(done), static_cast<double>(total), file.name);
        ++done;

        // Decided from the stat alone, so sessions the listing leaves out are never read.
        const std::string session_id = file.path.stem().string();
        const bool active =
            (!options.calling_session_id.empty() && session_id == options.calling_session_id) ||
            now - file.stat.mtime_ms() < kActiveWindowMs;
        if ((active && !options.include_active) || (options.since && file.stat.mtime_ms() < *options.since) ||
            sync_sessions.count(session_id) != 0) {
            cache.keep(file.name);
            continue;
        }

        FileSummary contents;
        if (const FileSummary* cached = cache.find(file.name, file.stat)) {
            contents = *cached;
            ++result.cache_hits;
        } else {
            auto scanned = scanner.scan(file.path, redactor, progress);
            if (!scanned && scanned.error().code == ErrorCode::cancelled) {
                save_cache(false);
                return tl::unexpected(scanned.error());
            }
            ++result.scanned;
            if (scanned) {
                contents = *scanned;
                cache.put(file.name, file.stat, std::move(*scanned));
            } else {
                spdlog::warn("cannot read {}: {}", file.path.string(), scanned.error().message);
            }
        }
        if (contents.ran_sync) {
            continue;
        }
        if (!transcript_belongs(contents.cwd, redacted_variants, listing.dir.exact)) {
            spdlog::debug("{} was started in {}, not in this project; skipped", file.path.string(),
                          contents.cwd);
            continue;
        }

        SessionSummary summary = make_summary(file, contents, redactor);
        summary.active = active;
        summary.synced = synced_sessions.count(summary.session_id) != 0;
        std::uint64_t agent_files = 0;
        if (const auto it = sibling_agents.find(summary.session_id); it != sibling_agents.end()) {
            agent_files += it->second;
        }
        if (listing.subdirs.count(session_id) != 0) {
            agent_files += nested_subagent_files(listing.dir.dir, session_id).size();
        }
        // Eras do not mix within one session; prefer files so one subagent is never counted twice.
        summary.subagents = agent_files > 0 ? agent_files : contents.sidechains;
        out.push_back(std::move(summary));
    }
    save_cache(true);
    return {};
}

}  // namespace

Result<ListResult> list_sessions(const ListOptions& options, const secrets::Redactor& redactor,
                                 const Progress& progress) {
    if (options.claude_dir.empty()) {
        return make_error(ErrorCode::invalid_argument, "no Claude config directory given");
    }
    if (options.project_path.empty() || !options.project_path.is_absolute()) {
        return make_error(ErrorCode::invalid_argument, "project_path must be an absolute path (got '" +
                                                           options.project_path.string() + "')");
    }
    ListRun run(options, redactor, progress);
    std::vector<DirListing> listings;
    for (const ProjectDir& dir : find_project_dirs(options.claude_dir, run.variants)) {
        run.result.project_dirs.emplace_back(redactor.redact(sanitize_utf8(dir.dir.string())).text);
        listings.push_back(list_dir(dir));
        run.total += listings.back().sessions.size();
    }

    run.now = now_ms();
    for (const DirListing& listing : listings) {
        if (auto ok = run.summarise_dir(listing); !ok) {
            return tl::unexpected(ok.error());
        }
    }
    progress.report(static_cast<double>(run.done), static_cast<double>(run.total), "listed");
    ListResult& result = run.result;
    std::vector<SessionSummary>& all = run.out;

    std::sort(all.begin(), all.end(), [](const SessionSummary& a, const SessionSummary& b) {
        return a.modified_at != b.modified_at ? a.modified_at > b.modified_at : a.session_id < b.session_id;
    });
    result.total = all.size();
    const std::size_t begin = std::min(options.offset, all.size());
    const std::size_t end = begin + std::min(options.limit, all.size() - begin);
    result.sessions.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(begin)),
                           std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end)));
    return result;
}

}  // namespace tools::sessions
