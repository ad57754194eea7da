#include "tools/transcripts/extract.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <system_error>

#include "tools/core/hash.hpp"
#include "tools/core/limits.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/core/utf8.hpp"
#include "tools/transcripts/condenser.hpp"
#include "tools/transcripts/cursor.hpp"
#include "tools/transcripts/entry.hpp"
#include "tools/transcripts/entry_stream.hpp"
#include "tools/transcripts/line_reader.hpp"
#include "tools/transcripts/resume_cache.hpp"
#include "tools/transcripts/stats_delta.hpp"

namespace tools::transcripts {
namespace {

// Longest line parsed (the limit the listing uses too); longer ones are skipped as bad lines. Together
// with the read chunk and simdjson's buffers this bounds peak memory well under 64 MB whatever the
// file size.
constexpr std::size_t max_line_bytes = kMaxLineBytes;
constexpr std::size_t bad_lines_logged_at_warn = 5;
constexpr std::uint64_t progress_every_lines = 4096;
constexpr std::size_t max_meta_bytes = 64u << 10;
constexpr std::size_t max_description_chars = 120;
// The most text a page condenses ahead for the pages after it (see ResumePoint): about 30 pages of the
// smallest size, a few of the default size, one of the largest.
constexpr std::size_t max_ahead_bytes = 64u << 10;

std::size_t clamp_tokens(std::size_t max_tokens) {
    return std::clamp(max_tokens, ExtractOptions::min_tokens, ExtractOptions::max_tokens_limit);
}

// The session's files in reading order: main, then subagents sorted by path (when asked for).
std::vector<std::filesystem::path> reading_order(const TranscriptFiles& files,
                                                 const ExtractOptions& options) {
    std::vector<std::filesystem::path> order{files.main};
    if (options.include_subagents) {
        std::vector<std::filesystem::path> subagents = files.subagents;
        std::sort(subagents.begin(), subagents.end());
        subagents.erase(std::unique(subagents.begin(), subagents.end()), subagents.end());
        order.insert(order.end(), subagents.begin(), subagents.end());
    }
    return order;
}

std::uint64_t options_hash(const ExtractOptions& options) {
    const std::string shape = "t" + std::to_string(options.include_thinking) + "c" +
                              std::to_string(static_cast<int>(options.tool_calls)) + "s" +
                              std::to_string(options.include_subagents) + "m" +
                              std::to_string(clamp_tokens(options.max_tokens));
    return stable_hash(shape);
}

// What path::filename() gives for these paths (never ending in '/'), without building a path: this runs
// twice on every page.
std::string_view file_name(const std::filesystem::path& path) {
    const std::string& text = path.native();
    return std::string_view(text).substr(text.rfind('/') + 1);
}

CursorGuard guard_for(const std::vector<std::filesystem::path>& files, std::size_t index,
                      const ExtractOptions& options) {
    CursorGuard guard;
    guard.session = stable_hash(file_name(files.front()));
    guard.file = index < files.size() ? stable_hash(file_name(files[index])) : 0;
    guard.options = options_hash(options);
    return guard;
}

// "=== subagent agent-x (Explore: find the parser) ===" from the 2.1.x sidecar <stem>.meta.json. The
// sidecar is read only when it is a small regular file inside the session's transcript directory. The
// description is redacted before it is cut; the whole header is redacted again with its unit.
std::string subagent_header(const std::filesystem::path& path, const std::filesystem::path& transcript_dir,
                            const secrets::Redactor& redactor, ExtractStats& stats) {
    std::string detail;
    std::filesystem::path meta = path;
    meta.replace_extension(".meta.json");
    auto text = read_regular_file_within(meta, transcript_dir, max_meta_bytes);
    if (!text && text.error().code != ErrorCode::not_found) {
        spdlog::warn("subagent metadata ignored: {}", text.error().message);
    }
    if (text) {
        const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
        if (json.is_object()) {
            for (const char* key : {"agentType", "description"}) {
                const auto found = json.find(key);
                if (found != json.end() && found->is_string()) {
                    detail += (detail.empty() ? "" : ": ") + found->get<std::string>();
                }
            }
        }
    }
    std::string header = "=== subagent " + sanitize_utf8(path.stem().string());
    if (!detail.empty()) {
        secrets::Redaction shown = redactor.line(detail, max_description_chars);
        stats.redactions += shown.count;
        header += " (" + shown.text + ")";
    }
    return header + " ===\n";
}

void log_bad_line(const std::filesystem::path& path, const Line& line, const Result<const Entry*>& entry,
                  std::size_t& logged) {
    const auto level = logged++ < bad_lines_logged_at_warn ? spdlog::level::warn : spdlog::level::debug;
    const char* why = line.oversized   ? "longer than the 8 MiB limit"
                      : !line.complete ? "incomplete last line"
                                       : "not a valid JSON object";
    spdlog::log(level, "{}:{}: skipped bad line ({}{}{})", path.filename().string(), line.number, why,
                entry ? "" : ": ", entry ? "" : entry.error().message);
}

// Re-reads every line before start so that uuid de-duplication continues exactly as an uninterrupted
// run would. Costs one pass over what earlier pages covered, at parsing speed (~25 ms per 100 MB).
Result<void> rescan_uuids(const std::vector<std::filesystem::path>& files, const StreamPosition& start,
                          const ExtractOptions& options, UuidSet& seen, const Progress& progress) {
    for (std::size_t index = 0; index <= start.file && index < files.size(); ++index) {
        auto stream = EntryStream::open(files[index], 0, 1, max_line_bytes, true);
        if (!stream) {
            continue;  // the forward pass reports it
        }
        Line line;
        Result<const Entry*> entry = make_error(ErrorCode::invalid_argument, "no line");
        // The same parse as the forward pass, so a line is accepted or rejected here exactly as there.
        while ((*stream)->next(line, entry)) {
            if (index == start.file && line.offset >= start.offset) {
                break;
            }
            if ((line.number % progress_every_lines) == 0 && progress.cancelled()) {
                return make_error(ErrorCode::cancelled, "extraction cancelled");
            }
            if (entry) {
                admit(**entry, index > 0, options.include_subagents, seen);
            }
        }
    }
    return {};
}

std::uint64_t total_size(const std::vector<std::filesystem::path>& files) {
    std::uint64_t total = 0;
    for (const auto& file : files) {
        std::error_code error;
        const auto size = std::filesystem::file_size(file, error);
        total += error ? 0 : size;
    }
    return total;
}

// Runs the condenser from start to the end of the session or until the sink refuses a unit. With
// read_ahead (a whole extraction) the structural parse runs ahead on a second thread. at_file_end is
// true while the sink hears a unit that the end of a file closed: lines appended later may still
// belong to it.
Result<void> run_stream(const std::vector<std::filesystem::path>& files, const ExtractOptions& options,
                        const secrets::Redactor& redactor, const ResumeState& start, ExtractStats& stats,
                        UuidSet& seen, UnitSink sink, bool read_ahead, const Progress& progress,
                        bool& at_file_end) {
    Condenser condenser(options, redactor, stats, seen, std::move(sink), start.last_minute);
    const double total = static_cast<double>(total_size(files));
    double done = 0;
    for (std::size_t index = start.position.file; index < files.size() && !condenser.stopped(); ++index) {
        const bool resuming = index == start.position.file;
        const std::uint64_t offset = resuming ? start.position.offset : 0;
        auto stream = EntryStream::open(files[index], offset, resuming ? start.position.line : 1,
                                        max_line_bytes, read_ahead);
        if (!stream) {
            if (index == 0) {
                return tl::unexpected(stream.error());
            }
            spdlog::warn("skipping subagent transcript: {}", stream.error().message);
            continue;
        }
        condenser.begin_file(index, index > 0,
                             index > 0 && offset == 0
                                 ? subagent_header(files[index], files.front().parent_path(), redactor, stats)
                                 : "");
        StreamPosition end{index, offset, resuming ? start.position.line : 1};
        std::size_t logged = 0;
        Line line;
        Result<const Entry*> entry = make_error(ErrorCode::invalid_argument, "no line");
        while (!condenser.stopped() && (*stream)->next(line, entry)) {
            if ((line.number % progress_every_lines) == 0) {
                if (progress.cancelled()) {
                    return make_error(ErrorCode::cancelled, "extraction cancelled");
                }
                progress.report(done + static_cast<double>((*stream)->bytes_read() - offset), total,
                                "extracting transcript");
            }
            if (line.oversized || !entry) {
                log_bad_line(files[index], line, entry, logged);
            }
            condenser.add_line(line, entry);
            end = {index, line.next_offset, line.number + 1};
        }
        if (const Error* error = (*stream)->error()) {
            spdlog::warn("{}: {}; the rest of the file is skipped", files[index].filename().string(),
                         error->message);
        }
        done += static_cast<double>((*stream)->bytes_read() - offset);
        if (!condenser.stopped()) {
            at_file_end = true;
            condenser.end_file(end);
            at_file_end = false;
        }
    }
    return {};
}

Result<Cursor> resume_point(std::string_view cursor_text, const std::vector<std::filesystem::path>& files,
                            const ExtractOptions& options) {
    if (cursor_text.empty()) {
        return Cursor{};
    }
    Result<Cursor> cursor = decode_cursor(cursor_text);
    if (!cursor) {
        return tl::unexpected(cursor.error());
    }
    const CursorGuard expected = guard_for(files, cursor->state.position.file, options);
    if (cursor->guard.session != expected.session) {
        return make_error(ErrorCode::invalid_argument, "cursor belongs to another session");
    }
    if (cursor->guard.options != expected.options) {
        return make_error(ErrorCode::invalid_argument,
                          "cursor was made with other options: pass the same max_tokens, include_thinking, "
                          "include_tool_calls and include_subagents as the first call");
    }
    if (cursor->state.position.file >= files.size() || cursor->guard.file != expected.file) {
        return make_error(ErrorCode::invalid_argument,
                          "cursor no longer matches the session's files; start again without a cursor");
    }
    return cursor;
}

// Checked where a page starts reading the file: a page served from units condensed ahead reads
// nothing, and this stat was one of the larger costs of such a small page. A file cut shorter since
// the units were condensed is noticed when the page after them reads on.
Result<void> check_within_file(const std::vector<std::filesystem::path>& files, const StreamPosition& at) {
    if (at.file >= files.size()) {
        return {};
    }
    std::error_code error;
    const auto size = std::filesystem::file_size(files[at.file], error);
    if (!error && at.offset > size) {
        return make_error(ErrorCode::invalid_argument, "cursor points past the end of the transcript");
    }
    return {};
}

}  // namespace

std::size_t page_budget_bytes(std::size_t max_tokens) {
    return clamp_tokens(max_tokens) * 3 - 1024;
}

Result<ExtractPage> extract_page(const TranscriptFiles& files, const ExtractOptions& options,
                                 const secrets::Redactor& redactor, std::string_view cursor,
                                 const Progress& progress) {
    const std::vector<std::filesystem::path> order = reading_order(files, options);
    Result<Cursor> start = resume_point(cursor, order, options);
    if (!start) {
        return tl::unexpected(start.error());
    }
    const std::size_t budget = page_budget_bytes(options.max_tokens);
    UuidSet seen;
    std::deque<CarriedUnit> carried;  // units condensed ahead, first the next page's own
    std::size_t ahead_bytes = 0;      // how much this page condenses ahead for the next ones
    if (!cursor.empty()) {
        std::optional<ResumePoint> cached = ResumeCache::instance().take(start->tag);
        if (cached && cached->redaction_stamp != redactor.stamp()) {
            // Text redacted under another allowlist must not be shown: a value that is no longer
            // allowed would come out in clear. The set belongs to that text, so both go.
            cached.reset();
        }
        if (cached) {
            seen = std::move(cached->seen);
            carried = std::move(cached->carried);
            ahead_bytes = cached->ahead_bytes;
        } else {
            if (auto within = check_within_file(order, start->state.position); !within) {
                return tl::unexpected(within.error());
            }
            if (auto rescanned = rescan_uuids(order, start->state.position, options, seen, progress);
                !rescanned) {
                return tl::unexpected(rescanned.error());
            }
        }
    }
    seen.enable_journal();

    ExtractPage page;
    page.text.reserve(budget);
    ExtractStats stats;
    ResumeState last = start->state;  // after the last unit on the page
    bool full = false;
    const bool from_carried = !carried.empty();
    while (!carried.empty() && !full) {
        CarriedUnit& unit = carried.front();
        if (!page.text.empty() && page.text.size() + unit.text.size() > budget) {
            full = true;
            break;
        }
        page.text.append(unit.text);
        add_stats(stats, unit.stats);
        last = unit.after;
        carried.pop_front();
    }
    ExtractStats taken = stats;  // stats as of the last unit on the page
    if (from_carried) {
        // A page counts the file it starts in, which run_stream only counts when it opens it.
        ++taken.files;
    }
    if (!full) {
        // Stats as of the last unit on the page or condensed ahead; like taken, it counts the file that
        // run_stream is about to open again.
        ExtractStats mark = taken;
        std::size_t ahead = 0;
        bool at_file_end = false;
        const UnitSink sink = [&](std::string_view text, const ResumeState& after) {
            if (!full && (page.text.empty() || page.text.size() + text.size() <= budget)) {
                page.text.append(text);
                last = after;
                taken = mark = stats;
                seen.forget_before(stream_stamp(after.position));
                return true;
            }
            full = true;
            // Kept for the next pages unless a re-run could differ: lines appended to the file may extend
            // a unit its end closed, and a capped skipped map would not split into exact differences.
            if (at_file_end || stats.skipped.size() >= ExtractStats::max_skipped_reasons) {
                return false;
            }
            carried.push_back(CarriedUnit{std::string(text), after, stats_since(stats, mark)});
            mark = stats;
            seen.forget_before(stream_stamp(after.position));
            ahead += text.size();
            return ahead < ahead_bytes;
        };
        const ResumeState from = last;  // the sink moves last along
        if (auto within = check_within_file(order, from.position); !within) {
            return tl::unexpected(within.error());
        }
        if (auto ran =
                run_stream(order, options, redactor, from, stats, seen, sink, false, progress, at_file_end);
            !ran) {
            return tl::unexpected(ran.error());
        }
        if (!full) {
            taken = stats;
        }
    }
    page.stats = std::move(taken);
    if (full) {
        // The condenser read the lines of the unit that did not fit (and the one that closed it): take
        // back the uuids of those after the point the next page continues from, so the set is exactly
        // the one an uninterrupted run has there.
        const std::uint64_t resume =
            stream_stamp(carried.empty() ? last.position : carried.back().after.position);
        seen.undo_from(resume);
        seen.forget_before(resume);
        std::string tag;
        page.next_cursor =
            encode_cursor(Cursor{last, guard_for(order, last.position.file, options), {}}, &tag);
        const std::size_t next_ahead =
            std::min(std::max(2 * ahead_bytes, budget), std::max(budget, max_ahead_bytes));
        ResumeCache::instance().put(
            std::move(tag), ResumePoint{std::move(seen), std::move(carried), next_ahead, redactor.stamp()});
    }
    return page;
}

Result<ExtractStats> extract_all(const TranscriptFiles& files, const ExtractOptions& options,
                                 const secrets::Redactor& redactor,
                                 const std::function<void(std::string_view)>& sink,
                                 const Progress& progress) {
    const std::vector<std::filesystem::path> order = reading_order(files, options);
    UuidSet seen;
    ExtractStats stats;
    const UnitSink unit_sink = [&](std::string_view text, const ResumeState&) {
        sink(text);
        return true;
    };
    bool at_file_end = false;
    if (auto ran = run_stream(order, options, redactor, ResumeState{}, stats, seen, unit_sink, true, progress,
                              at_file_end);
        !ran) {
        return tl::unexpected(ran.error());
    }
    return stats;
}

}  // namespace tools::transcripts
