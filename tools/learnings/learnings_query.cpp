#include "tools/learnings/learnings_query.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/learnings/change_plan.hpp"
#include "tools/learnings/learning_item.hpp"

namespace tools::learnings {
namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    const std::string key = normalize_learning(text);
    std::size_t start = 0;
    while (start < key.size()) {
        std::size_t end = key.find(' ', start);
        if (end == std::string::npos) {
            end = key.size();
        }
        if (end > start) {
            words.push_back(key.substr(start, end - start));
        }
        start = end + 1;
    }
    return words;
}

// Regular files of bounded size only: open without blocking, then judge the opened file itself.
Result<std::optional<std::string>> read_regular_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return std::optional<std::string>();
        }
        return make_error(ErrorCode::io_error, "cannot open " + path.string() + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        static_cast<std::size_t>(info.st_size) > kMaxProjectFileBytes) {
        ::close(fd);
        return make_error(ErrorCode::invalid_argument, path.string() + " is not a regular file of at most " +
                                                           std::to_string(kMaxProjectFileBytes >> 20) +
                                                           " MiB");
    }
    std::string text;
    text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            return make_error(ErrorCode::io_error, "cannot read " + path.string() + ": " + reason);
        }
        if (n == 0) {
            break;  // the file shrank while we read it
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    text.resize(done);
    return std::optional<std::string>(std::move(text));
}

}  // namespace

std::vector<Section> filter_sections(std::vector<Section> sections, const LearningsQuery& query) {
    const std::vector<std::string> wanted = words_of(query.words);
    std::vector<Section> kept;
    for (Section& section : sections) {
        if (query.since_date && (!section.date || *section.date < *query.since_date)) {
            continue;
        }
        if (!wanted.empty()) {
            std::erase_if(section.items, [&](const std::string& item) {
                const std::string key = " " + normalize_learning(item) + " ";
                for (const std::string& word : wanted) {
                    if (key.find(" " + word + " ") == std::string::npos) {
                        return true;
                    }
                }
                return false;
            });
        }
        if (!section.items.empty()) {
            kept.push_back(std::move(section));
        }
    }
    return kept;
}

Result<LearningsView> read_learnings(const std::filesystem::path& project_dir, const LearningsQuery& query) {
    LearningsView view;
    view.file = project_dir / std::string(kLearningsPath);
    auto text = read_regular_file(view.file);
    if (!text) {
        return tl::unexpected(text.error());
    }
    if (!*text) {
        return view;
    }
    view.exists = true;
    view.text = std::move(**text);
    view.sections = filter_sections(parse_sections(view.text), query);
    for (const Section& section : view.sections) {
        view.items += section.items.size();
    }
    return view;
}

}  // namespace tools::learnings
