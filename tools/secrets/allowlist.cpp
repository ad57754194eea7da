#include "tools/secrets/allowlist.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <system_error>

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

Result<Allowlist> Allowlist::load(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return Allowlist{};
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return make_error(ErrorCode::io_error, "cannot read allowlist " + file.string());
    }
    std::ostringstream content;
    content << in.rdbuf();
    return parse(content.str());
}

Result<std::size_t> Allowlist::append(const std::filesystem::path& file, const std::vector<Entry>& entries) {
    auto existing = load(file);
    if (!existing) {
        return tl::unexpected(existing.error());
    }
    std::string text;
    std::size_t added = 0;
    for (const Entry& entry : entries) {
        if (!is_fingerprint(entry.fingerprint) || existing->contains(entry.fingerprint)) {
            continue;
        }
        existing->add(entry.fingerprint);
        text += entry.fingerprint;
        if (!entry.comment.empty()) {
            text += "  # " + entry.comment;
        }
        text += '\n';
        ++added;
    }
    if (added == 0) {
        return added;
    }
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            return make_error(ErrorCode::io_error,
                              "cannot create " + file.parent_path().string() + ": " + ec.message());
        }
    }
    const bool fresh = !std::filesystem::exists(file, ec);
    // A file that does not end in a newline would glue our first fingerprint onto its last line.
    bool needs_newline = false;
    if (!fresh) {
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        if (in && in.tellg() > 0) {
            in.seekg(-1, std::ios::end);
            needs_newline = in.get() != '\n';
        }
    }
    std::ofstream out(file, std::ios::binary | std::ios::app);
    if (!out) {
        return make_error(ErrorCode::io_error, "cannot write allowlist " + file.string());
    }
    if (fresh) {
        out << "# context-sync: fingerprints of accepted scanner findings (no secret values)\n";
    }
    if (needs_newline) {
        out << '\n';
    }
    out << text;
    out.flush();
    if (!out) {
        return make_error(ErrorCode::io_error, "cannot write allowlist " + file.string());
    }
    return added;
}

}  // namespace tools::secrets
