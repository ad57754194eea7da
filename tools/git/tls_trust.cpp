#include "tools/git/tls_trust.hpp"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "tools/git/process.hpp"

namespace tools::git {
namespace {

constexpr std::chrono::seconds kConfigTimeout{10};

struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct StoreFree {
    void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
    void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};

bool is_ip_address(const std::string& host) {
    return !host.empty() && (host.find(':') != std::string::npos ||
                             host.find_first_not_of("0123456789.") == std::string::npos);
}

}  // namespace

std::string configured_ca_file(const std::filesystem::path& work_tree, const std::string& url) {
    // git gives the environment precedence over the config.
    if (const char* env = std::getenv("GIT_SSL_CAINFO"); env != nullptr && *env != '\0') {
        return env;
    }
    auto answer = run_process({"git", "config", "--type=path", "--get-urlmatch", "http.sslcainfo", url},
                              work_tree, "", {}, kConfigTimeout);
    if (!answer || answer->exit_code != 0) {
        return {};
    }
    std::string path = answer->out;
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) {
        path.pop_back();
    }
    return path;
}

bool certificate_trusted(std::string_view der, const std::string& ca_file, const std::string& host) {
    if (ca_file.empty() || host.empty()) {
        return false;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<X509, X509Free> leaf(d2i_X509(nullptr, &bytes, static_cast<long>(der.size())));
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!leaf || !store || !ctx || X509_STORE_load_file(store.get(), ca_file.c_str()) != 1 ||
        X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr) != 1) {
        return false;
    }
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    const int named = is_ip_address(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                          : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    return named == 1 && X509_verify_cert(ctx.get()) == 1;
}

}  // namespace tools::git
