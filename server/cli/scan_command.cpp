// `context-sync scan [FILE|-] [--json] [--allow]`: reports the secrets in a file or stdin.
// Exit status: 0 clean (or every finding was just allowed), 1 something found, 2 usage or I/O error.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "server/cli/commands.hpp"
#include "server/handlers/secret_findings.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::cli {
namespace {

// The input, mapped when it is a regular file (a 50 MB transcript is then not copied), read otherwise.
class Input {
  public:
    ~Input() {
        if (m_map != nullptr) {
            ::munmap(m_map, m_size);
        }
    }
    bool open(const std::string& input) {
        if (input == "-") {
            std::ostringstream buffer;
            buffer << std::cin.rdbuf();
            m_buffer = buffer.str();
            m_text = m_buffer;
            return !std::cin.bad();
        }
        const int fd = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return false;
        }
        struct stat info {};
        bool ok = ::fstat(fd, &info) == 0;
        if (ok && S_ISREG(info.st_mode) && info.st_size > 0) {
            m_size = static_cast<std::size_t>(info.st_size);
            void* map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (map != MAP_FAILED) {
                m_map = map;
                m_text = std::string_view(static_cast<const char*>(map), m_size);
                ::close(fd);
                return true;
            }
        }
        // Pipes, devices, empty files, or mmap refused: read it.
        char chunk[1 << 16];
        ssize_t got = 0;
        while (ok && (got = ::read(fd, chunk, sizeof chunk)) > 0) {
            m_buffer.append(chunk, static_cast<std::size_t>(got));
        }
        ok = ok && got == 0;
        ::close(fd);
        m_text = m_buffer;
        return ok;
    }
    std::string_view text() const { return m_text; }

  private:
    void* m_map = nullptr;
    std::size_t m_size = 0;
    std::string m_buffer;
    std::string_view m_text;
};

}  // namespace

int run_scan(const Settings& settings, const ScanArgs& args) {
    std::ios::sync_with_stdio(false);
    Input input;
    if (!input.open(args.input)) {
        std::cerr << "context-sync scan: cannot read " << (args.input == "-" ? "stdin" : args.input) << "\n";
        return 2;
    }
    const auto& scanner = tools::secrets::Scanner::instance();
    // --allow records everything found, so it scans without the allowlist (append skips known ones).
    const auto allowlist =
        args.allow ? tools::secrets::Allowlist{} : handlers::load_project_allowlist(settings);
    const auto findings = scanner.scan(input.text(), allowlist);
    const std::string name = args.input == "-" ? "<stdin>" : args.input;

    if (args.json) {
        const nlohmann::json out = {{"clean", findings.empty()},
                                    {"findings", handlers::findings_to_json(findings)}};
        std::cout << out.dump() << "\n";
    } else {
        for (const auto& f : findings) {
            std::cout << name << ":" << f.line << ":" << f.column << ": " << f.rule_id << ": "
                      << f.description << " (" << f.preview << ", fingerprint " << f.fingerprint << ")\n";
        }
        if (findings.empty()) {
            std::cerr << name << ": no secrets found\n";
        }
    }
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "context-sync scan: cannot write to stdout\n";
        return 2;
    }

    if (args.allow && !findings.empty()) {
        std::vector<tools::secrets::Allowlist::Entry> entries;
        for (const auto& f : findings) {
            entries.push_back({f.fingerprint, f.rule_id + " at " + name + ":" + std::to_string(f.line)});
        }
        const auto file = tools::secrets::Allowlist::project_file(settings.project_dir);
        const auto added = tools::secrets::Allowlist::append(file, entries);
        if (!added) {
            std::cerr << "context-sync scan: " << added.error().message << "\n";
            return 2;
        }
        std::cerr << "context-sync scan: added " << *added << " fingerprint(s) to " << file.string() << "\n";
        return 0;
    }
    return findings.empty() ? 0 : 1;
}

}  // namespace server::cli
