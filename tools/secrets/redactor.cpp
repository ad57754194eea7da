#include "tools/secrets/redactor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "tools/core/utf8.hpp"

namespace tools::secrets {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// A code point takes at most 4 bytes, so this many bytes hold max_chars of them.
std::size_t bytes_for_chars(std::size_t max_chars) {
    return max_chars > (SIZE_MAX - Redactor::kMarginBytes) / 4 ? SIZE_MAX - Redactor::kMarginBytes
                                                               : max_chars * 4;
}

}  // namespace

Redactor Redactor::for_project(const std::filesystem::path& project_dir) {
    if (project_dir.empty()) {
        return {};
    }
    const std::filesystem::path file = Allowlist::project_file(project_dir);
    auto allowlist = Allowlist::load(file);
    Redactor redactor;
    if (!allowlist) {
        spdlog::warn("{}; redacting without the allowlist", allowlist.error().message);
    } else {
        redactor = Redactor(std::move(*allowlist));
        redactor.m_stamp = stamp_of(file);
    }
    redactor.m_file = file;
    return redactor;
}

bool Redactor::current() const {
    return m_file.empty() || stamp_of(m_file) == m_stamp;
}

std::string Redactor::stamp_of(const std::filesystem::path& file) {
    // One stat: this runs once per page of extract_transcript. The inode and change time catch a file
    // replaced by another of the same size and modification time.
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return {};
    }
    return fmt::format("{}:{}:{}.{}:{}.{}", static_cast<std::uint64_t>(info.st_ino),
                       static_cast<std::uint64_t>(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec,
                       info.st_ctim.tv_sec, info.st_ctim.tv_nsec);
}

Redaction Redactor::redact(std::string_view text) const {
    return Scanner::instance().redact(text, m_allowlist);
}

std::string_view Redactor::window(std::string_view text, std::size_t shown_bytes) {
    const std::size_t limit = shown_bytes + kMarginBytes;
    if (text.size() <= limit) {
        return text;
    }
    std::size_t end = utf8_prefix(text, limit).size();
    if (is_space(text[end]) || (end > 0 && is_space(text[end - 1]))) {
        return text.substr(0, end);
    }
    // Inside a token: take it whole, or leave it out whole when it is too long to take.
    const std::string_view ahead = text.substr(end, kMaxTokenBytes);
    for (std::size_t i = 0; i < ahead.size(); ++i) {
        if (is_space(ahead[i])) {
            return text.substr(0, end + i);
        }
    }
    while (end > 0 && !is_space(text[end - 1])) {
        --end;
    }
    return text.substr(0, end);
}

Redactor::Head Redactor::head(std::string_view text, std::size_t shown_bytes) const {
    const std::string_view scanned = window(text, shown_bytes);
    Redaction redaction = redact(scanned);
    return Head{std::move(redaction.text), redaction.count, scanned.size()};
}

Redaction Redactor::line(std::string_view text, std::size_t max_chars) const {
    const std::string_view scanned = window(text, bytes_for_chars(max_chars));
    Redaction redaction = redact(collapse_whitespace(sanitize_utf8(scanned)));
    std::string cut = truncate_chars(redaction.text, max_chars);
    if (scanned.size() < text.size() && cut.size() == redaction.text.size()) {
        cut += "\xE2\x80\xA6";  // the window ended before the text did
    }
    redaction.text = std::move(cut);
    return redaction;
}

}  // namespace tools::secrets
