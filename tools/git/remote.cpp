#include "tools/git/remote.hpp"

#include <spdlog/spdlog.h>

#include "tools/git/credentials.hpp"

namespace tools::git {
namespace {

int on_push_update(const char* refname, const char* status, void* payload) {
    auto* session = static_cast<AuthSession*>(payload);
    if (status != nullptr) {
        session->rejection = std::string(refname) + ": " + status;
    }
    return 0;
}

bool looks_moved(const std::string& text) {
    return text.find("non-fast-forward") != std::string::npos ||
           text.find("fetch first") != std::string::npos ||
           text.find("failed to lock") != std::string::npos ||
           text.find("failed to update ref") != std::string::npos ||
           text.find("cannot lock ref") != std::string::npos || text.find("stale info") != std::string::npos;
}

// Turns a failed libgit2 call (and what the callbacks saw) into an outcome.
RemoteOutcome classify(int rc, const AuthSession& session, const Upstream& upstream, const char* doing) {
    RemoteOutcome out;
    const git_error* e = git_error_last();
    const std::string detail = e != nullptr && e->message != nullptr ? e->message : "unknown error";
    const int klass = e != nullptr ? e->klass : GIT_ERROR_NONE;
    const std::string where = upstream.remote + " (" + upstream.url + ")";
    if (session.host_problem) {
        out.problem = PushProblem::host_unknown;
        out.status = *session.host_problem;
        return out;
    }
    if (rc == GIT_EAUTH || session.auth_exhausted ||
        (klass == GIT_ERROR_SSH && detail.find("auth") != std::string::npos)) {
        out.problem = PushProblem::authentication;
        out.status =
            std::string("authentication to ") + where + " failed while " + doing + " (" + detail +
            "). Check that `git push` works from this repository: an ssh key loaded in ssh-agent or in "
            "~/.ssh, or a credential helper (`git config credential.helper`) holding a valid token";
        return out;
    }
    if (rc == GIT_ENONFASTFORWARD || looks_moved(detail)) {
        out.moved = true;
        out.retry = true;
        out.problem = PushProblem::rejected;
        out.status = upstream.display + " moved on while pushing (" + detail + ")";
        return out;
    }
    if (rc == GIT_ECERTIFICATE) {
        out.problem = PushProblem::host_unknown;
        out.status = "the certificate of " + where + " could not be verified (" + detail +
                     "); check the remote's URL and your system's CA certificates";
        return out;
    }
    if (klass == GIT_ERROR_NET || klass == GIT_ERROR_OS || klass == GIT_ERROR_SSH ||
        klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSL || klass == GIT_ERROR_NONE) {
        out.problem = PushProblem::network;
        out.retry = true;
        out.status = "cannot reach " + where + " while " + doing + " (" + detail +
                     "); the commit is kept and the next sync or `context-sync push` delivers it";
        return out;
    }
    out.problem = PushProblem::other;
    out.retry = true;
    out.status = std::string(doing) + " " + where + " failed: " + detail;
    return out;
}

git_remote_callbacks callbacks_for(AuthSession& session) {
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = &AuthSession::on_credentials;
    callbacks.certificate_check = &AuthSession::on_certificate;
    callbacks.push_update_reference = &on_push_update;
    callbacks.payload = &session;
    return callbacks;
}

Result<RemotePtr> lookup_remote(git_repository* repo, const Upstream& upstream) {
    git_remote* raw = nullptr;
    if (git_remote_lookup(&raw, repo, upstream.remote.c_str()) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read remote " + upstream.remote);
    }
    return RemotePtr(raw);
}

std::string config_string(git_repository* repo, const std::string& key) {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) != 0) {
        return {};
    }
    ConfigPtr config(raw);
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_string_buf(&buf, raw, key.c_str()) != 0) {
        return {};
    }
    return take_buf(buf);
}

}  // namespace

Result<std::optional<Upstream>> find_upstream(git_repository* repo, const std::string& branch_ref) {
    const std::string branch = branch_ref.substr(std::string("refs/heads/").size());
    Upstream up;
    up.remote = config_string(repo, "branch." + branch + ".remote");
    up.merge_ref = config_string(repo, "branch." + branch + ".merge");
    if (up.remote.empty() || up.merge_ref.empty() || up.remote == ".") {
        return std::optional<Upstream>();
    }
    git_remote* raw = nullptr;
    if (git_remote_lookup(&raw, repo, up.remote.c_str()) != 0) {
        return make_error(ErrorCode::refused,
                          "the upstream remote \"" + up.remote + "\" of " + branch +
                              " does not exist: fix it with `git branch --set-upstream-to`");
    }
    RemotePtr remote(raw);
    const char* push_url = git_remote_pushurl(raw);
    const char* url = git_remote_url(raw);
    up.url = push_url != nullptr ? push_url : (url != nullptr ? url : "");
    git_buf buf = GIT_BUF_INIT;
    if (git_branch_upstream_name(&buf, repo, branch_ref.c_str()) == 0) {
        up.tracking_ref = take_buf(buf);
    } else {
        git_buf_dispose(&buf);
        up.tracking_ref =
            "refs/remotes/" + up.remote + "/" + up.merge_ref.substr(std::string("refs/heads/").size());
    }
    up.display =
        up.tracking_ref.rfind("refs/remotes/", 0) == 0 ? up.tracking_ref.substr(13) : up.tracking_ref;
    return std::optional<Upstream>(std::move(up));
}

RemoteOutcome fetch_upstream(git_repository* repo, const std::filesystem::path& work_tree,
                             const Upstream& upstream, std::optional<git_oid>& tip) {
    tip.reset();
    auto remote = lookup_remote(repo, upstream);
    if (!remote) {
        return {false, false, false, PushProblem::other, remote.error().message};
    }
    AuthSession session(work_tree, upstream.url);
    git_remote_callbacks callbacks = callbacks_for(session);
    git_proxy_options proxy = GIT_PROXY_OPTIONS_INIT;
    proxy.type = GIT_PROXY_AUTO;
    int rc = git_remote_connect(remote->get(), GIT_DIRECTION_FETCH, &callbacks, &proxy, nullptr);
    if (rc != 0) {
        session.finish(false);
        return classify(rc, session, upstream, "fetching from");
    }
    const git_remote_head** heads = nullptr;
    std::size_t count = 0;
    if (git_remote_ls(&heads, &count, remote->get()) == 0) {
        for (std::size_t i = 0; i < count; ++i) {
            if (upstream.merge_ref == heads[i]->name) {
                tip = heads[i]->oid;
            }
        }
    }
    if (tip) {
        const std::string spec = "+" + upstream.merge_ref + ":" + upstream.tracking_ref;
        char* specs[] = {const_cast<char*>(spec.c_str())};
        const git_strarray refspecs{specs, 1};
        git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
        options.callbacks = callbacks;
        options.proxy_opts = proxy;
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
        rc = git_remote_download(remote->get(), &refspecs, &options);
        if (rc != 0) {
            session.finish(false);
            return classify(rc, session, upstream, "fetching from");
        }
        git_reference* ref = nullptr;
        git_reference_create(&ref, repo, upstream.tracking_ref.c_str(), &*tip, 1, "fetch: context-sync");
        git_reference_free(ref);
    }
    git_remote_disconnect(remote->get());
    session.finish(true);
    return {true, false, false, PushProblem::none, {}};
}

RemoteOutcome push_upstream(git_repository* repo, const std::filesystem::path& work_tree,
                            const Upstream& upstream, const std::string& branch_ref) {
    auto remote = lookup_remote(repo, upstream);
    if (!remote) {
        return {false, false, false, PushProblem::other, remote.error().message};
    }
    git_oid local;
    if (git_reference_name_to_id(&local, repo, branch_ref.c_str()) != 0) {
        return {false, false, false, PushProblem::other, git_failure("cannot resolve " + branch_ref)};
    }
    AuthSession session(work_tree, upstream.url);
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks = callbacks_for(session);
    options.proxy_opts.type = GIT_PROXY_AUTO;
    int rc = git_remote_connect(remote->get(), GIT_DIRECTION_PUSH, &options.callbacks, &options.proxy_opts,
                                nullptr);
    if (rc != 0) {
        session.finish(false);
        return classify(rc, session, upstream, "pushing to");
    }
    // Fast-forward only, checked on this very connection: the update we send names the tip advertised
    // here as its old value, so the server refuses it if anyone moved the branch since.
    const git_remote_head** heads = nullptr;
    std::size_t count = 0;
    if (git_remote_ls(&heads, &count, remote->get()) == 0) {
        for (std::size_t i = 0; i < count; ++i) {
            if (upstream.merge_ref != heads[i]->name || git_oid_equal(&heads[i]->oid, &local)) {
                continue;
            }
            if (git_graph_descendant_of(repo, &local, &heads[i]->oid) != 1) {
                git_remote_disconnect(remote->get());
                session.finish(true);
                RemoteOutcome out;
                out.moved = true;
                out.retry = true;
                out.problem = PushProblem::rejected;
                out.status = upstream.display + " moved on while pushing";
                return out;
            }
        }
    }
    // No '+' in the refspec: never a forced update.
    const std::string spec = branch_ref + ":" + upstream.merge_ref;
    char* specs[] = {const_cast<char*>(spec.c_str())};
    const git_strarray refspecs{specs, 1};
    rc = git_remote_upload(remote->get(), &refspecs, &options);
    git_remote_disconnect(remote->get());
    if (rc != 0) {
        session.finish(false);
        return classify(rc, session, upstream, "pushing to");
    }
    session.finish(true);
    if (!session.rejection.empty()) {
        RemoteOutcome out;
        out.retry = true;
        if (looks_moved(session.rejection)) {
            out.moved = true;
            out.problem = PushProblem::rejected;
            out.status = upstream.display + " moved on while pushing (" + session.rejection + ")";
        } else {
            out.problem = PushProblem::rejected;
            out.status =
                upstream.remote + " (" + upstream.url + ") rejected the push (" + session.rejection +
                "), for example by a hook or a protected branch; the commit is kept locally. See what "
                "`git push` says, fix it on the remote, then run `context-sync push`";
        }
        return out;
    }
    git_reference* tracking = nullptr;
    git_reference_create(&tracking, repo, upstream.tracking_ref.c_str(), &local, 1,
                         "update by push: context-sync");
    git_reference_free(tracking);
    spdlog::info("pushed {} to {}", branch_ref, upstream.display);
    return {true, false, false, PushProblem::none, {}};
}

}  // namespace tools::git
