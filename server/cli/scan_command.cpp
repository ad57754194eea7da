// `context-sync scan [FILE|-] [--json] [--allow]`: reports the secrets in a file or stdin.
// Exit status: 0 clean (or every finding was just allowed), 1 something found, 2 usage or I/O error.
//
// The input is read in bounded chunks (never memory-mapped: a file truncated while mapped kills the
// reader with SIGBUS) and findings are printed as they are found, so memory stays bounded whatever the
// size of the input or the number of findings. A file that shrinks while it is read simply ends early.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "server/cli/commands.hpp"
#include "server/handlers/secret_findings.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::cli {
namespace {

constexpr std::size_t kChunk = 1 << 20;

class Printer {
  public:
    Printer(std::string name, bool json) : m_name(std::move(name)), m_json(json) {}

    void begin() {
        if (m_json) {
            reserve(16);
            put("{\"findings\":[");
        }
    }
    void print(const tools::secrets::Finding& f) {
        if (m_json) {
            const std::string json = handlers::finding_to_json(f).dump();
            reserve(json.size() + 1);
            put(m_count == 0 ? "" : ",");
            put(json);
        } else {
            // Room for every piece first, then plain copies: a text with a finding on every line
            // prints several times what it reads.
            reserve(m_name.size() + f.rule_id.size() + f.description.size() + f.preview.size() +
                    f.fingerprint.size() + 2 * kDigits + 32);
            put(m_name);
            put(":");
            put_number(f.line);
            put(":");
            put_number(f.column);
            put(": ");
            put(f.rule_id);
            put(": ");
            put(f.description);
            put(" (");
            if (!f.preview.empty()) {
                put(f.preview);
                put(", ");
            }
            put("fingerprint ");
            put(f.fingerprint);
            put(")\n");
        }
        ++m_count;
    }
    void end() {
        if (m_json) {
            reserve(32);
            put("],\"clean\":");
            put(m_count == 0 ? "true" : "false");
            put("}\n");
        }
        flush();
        if (!m_json && m_count == 0) {
            std::cerr << m_name << ": no secrets found\n";
        }
    }
    std::size_t count() const { return m_count; }

  private:
    // Findings go out in writes of about this size, so memory stays bounded and output streams
    // while the scan goes on, without a write per finding.
    static constexpr std::size_t kBuffer = 64 << 10;
    static constexpr std::size_t kDigits = 20;  // of a std::size_t

    // Makes room for bytes more (flushing what is held when they do not fit); put() may then copy
    // that much without checking.
    void reserve(std::size_t bytes) {
        if (m_used + bytes > m_buffer.size()) {
            flush();
            if (bytes > m_buffer.size()) {
                m_buffer.resize(bytes);
            }
        }
    }
    void put(std::string_view piece) {
        std::memcpy(m_buffer.data() + m_used, piece.data(), piece.size());
        m_used += piece.size();
    }
    void put_number(std::size_t n) {
        char* begin = m_buffer.data() + m_used;
        m_used += static_cast<std::size_t>(std::to_chars(begin, begin + kDigits, n).ptr - begin);
    }
    void flush() {
        std::cout.write(m_buffer.data(), static_cast<std::streamsize>(m_used));
        m_used = 0;
    }

    std::string m_name;
    bool m_json;
    std::size_t m_count = 0;
    std::vector<char> m_buffer = std::vector<char>(kBuffer);
    std::size_t m_used = 0;  // bytes of m_buffer printed, not yet written
};

// Feeds fd to the stream chunk by chunk, until the end of the input. False on a read error.
bool feed(int fd, tools::secrets::Scanner::Stream& stream) {
    std::vector<char> chunk(kChunk);
    for (;;) {
        const ssize_t got = ::read(fd, chunk.data(), chunk.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return got == 0;
        }
        if (!stream.feed(std::string_view(chunk.data(), static_cast<std::size_t>(got)))) {
            return false;  // only cancellation fails a feed, and nothing cancels here
        }
    }
}

}  // namespace

int run_scan(const Settings& settings, const ScanArgs& args) {
    std::ios::sync_with_stdio(false);
    const std::string name = args.input == "-" ? "<stdin>" : args.input;
    const auto allow_file = tools::secrets::Allowlist::project_file(settings.project_dir);

    // --allow records everything found, so it scans without the allowlist (append skips known ones),
    // hashing each value with the salt of the file it will be written to.
    tools::secrets::Allowlist target;
    if (args.allow) {
        auto loaded = tools::secrets::Allowlist::load(allow_file);
        if (!loaded) {
            std::cerr << "context-sync scan: " << loaded.error().message << "\n";
            return 2;
        }
        target = std::move(*loaded);
    }
    const auto allowlist =
        args.allow ? tools::secrets::Allowlist{} : handlers::load_project_allowlist(settings);

    tools::secrets::ScanOptions options;
    options.allowlist = allowlist.empty() ? nullptr : &allowlist;
    options.key = &handlers::fingerprint_key(settings);
    options.hash_for = args.allow ? &target : nullptr;

    const int fd = args.input == "-" ? STDIN_FILENO : ::open(args.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::cerr << "context-sync scan: cannot read " << args.input << "\n";
        return 2;
    }
    Printer printer(name, args.json);
    std::vector<tools::secrets::Allowlist::Entry> entries;
    std::unordered_set<std::string> entry_lines;  // one entry per distinct value, however often found
    printer.begin();
    tools::secrets::Scanner::Stream stream(
        tools::secrets::Scanner::instance(), options, [&](tools::secrets::Finding&& f) {
            printer.print(f);
            if (args.allow && entry_lines.insert(f.rule_id + " " + f.allowlist_hash).second) {
                entries.push_back(
                    {f.rule_id, f.allowlist_hash, f.rule_id + " at " + name + ":" + std::to_string(f.line)});
            }
            return true;
        });
    const bool read = feed(fd, stream) && stream.finish();
    if (fd != STDIN_FILENO) {
        ::close(fd);
    }
    printer.end();
    std::cout.flush();
    if (!read) {
        std::cerr << "context-sync scan: cannot read " << (args.input == "-" ? "stdin" : args.input) << "\n";
        return 2;
    }
    if (!std::cout) {
        std::cerr << "context-sync scan: cannot write to stdout\n";
        return 2;
    }

    if (args.allow && !entries.empty()) {
        const auto added = tools::secrets::Allowlist::append(allow_file, target.salt(), entries);
        if (!added) {
            std::cerr << "context-sync scan: " << added.error().message << "\n";
            return 2;
        }
        std::cerr << "context-sync scan: added " << *added << " entr" << (*added == 1 ? "y" : "ies") << " to "
                  << allow_file.string() << "\n";
        return 0;
    }
    return printer.count() == 0 ? 0 : 1;
}

}  // namespace server::cli
