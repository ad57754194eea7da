#include "tools/secrets/allowlist.hpp"

#include <spdlog/spdlog.h>

#include <system_error>

#include "tools/core/atomic_file.hpp"
#include "tools/core/safe_read.hpp"

namespace tools::secrets {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::filesystem::path Allowlist::project_file(const std::filesystem::path& project_dir) {
    return project_dir / ".claude" / "context-sync-allow";
}

bool Allowlist::is_fingerprint(std::string_view text) {
    if (text.size() != 32) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Allowlist Allowlist::parse(std::string_view content) {
    Allowlist list;
    std::size_t line_number = 0;
    while (!content.empty()) {
        const std::size_t end = std::min(content.find('\n'), content.size());
        std::string_view line = content.substr(0, end);
        content.remove_prefix(std::min(end + 1, content.size()));
        ++line_number;
        line = trim(line.substr(0, std::min(line.find('#'), line.size())));
        if (line.empty()) {
            continue;
        }
        if (!is_fingerprint(line)) {
            spdlog::warn("allowlist line {} is not a fingerprint (32 lowercase hex digits); ignored",
                         line_number);
            continue;
        }
        list.add(std::string(line));
    }
    return list;
}

namespace {

// The file's text; "" when it does not exist. Anything but a small regular file is refused: a cloned
// repo may make it a symlink to /dev/zero, /dev/stdin or a FIFO.
Result<std::string> read_allowlist_file(const std::filesystem::path& file) {
    auto text = read_regular_file(file, kMaxSmallFileBytes);
    if (!text && text.error().code == ErrorCode::not_found) {
        return std::string();
    }
    if (!text) {
        return make_error(text.error().code, "allowlist ignored: " + text.error().message);
    }
    return text;
}

}  // namespace

Result<Allowlist> Allowlist::load(const std::filesystem::path& file) {
    auto text = read_allowlist_file(file);
    if (!text) {
        return tl::unexpected(text.error());
    }
    return parse(*text);
}

Result<std::size_t> Allowlist::append(const std::filesystem::path& file, const std::vector<Entry>& entries) {
    auto text = read_allowlist_file(file);
    if (!text) {
        return tl::unexpected(text.error());
    }
    Allowlist existing = parse(*text);
    std::string contents = std::move(*text);
    if (contents.empty()) {
        contents = "# context-sync: fingerprints of accepted scanner findings (no secret values)\n";
    } else if (contents.back() != '\n') {
        contents += '\n';  // else our first fingerprint would be glued onto the last line
    }
    std::size_t added = 0;
    for (const Entry& entry : entries) {
        if (!is_fingerprint(entry.fingerprint) || existing.contains(entry.fingerprint)) {
            continue;
        }
        existing.add(entry.fingerprint);
        contents += entry.fingerprint;
        if (!entry.comment.empty()) {
            contents += "  # " + entry.comment;
        }
        contents += '\n';
        ++added;
    }
    if (added == 0) {
        return added;
    }
    // 0644: the file belongs to the project and is meant to be committed.
    if (auto written = write_file_atomically(file, contents, 0644); !written) {
        return tl::unexpected(written.error());
    }
    return added;
}

}  // namespace tools::secrets
