#include "tools/git/libgit2.hpp"

#include <mutex>

namespace tools::git {

void ensure_libgit2() {
    static std::once_flag once;
    // Never shut down: other threads may still use libgit2 while the process exits.
    std::call_once(once, [] { git_libgit2_init(); });
}

std::string git_failure(std::string_view what) {
    const git_error* e = git_error_last();
    std::string text(what);
    if (e != nullptr && e->message != nullptr && *e->message != '\0') {
        text += ": ";
        text += e->message;
    }
    return text;
}

tl::unexpected<Error> libgit2_error(ErrorCode code, std::string_view what) {
    return make_error(code, git_failure(what));
}

std::string oid_hex(const git_oid& oid) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &oid);
    return hex;
}

std::string take_buf(git_buf& buf) {
    std::string text = buf.ptr != nullptr ? std::string(buf.ptr, buf.size) : std::string();
    git_buf_dispose(&buf);
    return text;
}

}  // namespace tools::git
