// The scan_secrets tool: where a text holds credentials, without ever repeating them.
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/secret_findings.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::handlers {
namespace {

// Findings a result lists; the rest are only counted (`omitted`). A 256 MiB text with a secret on every
// line would otherwise make gigabytes of result, and a caller told "not clean, N more" knows enough.
constexpr std::size_t kMaxListedFindings = 1000;

}  // namespace

ToolDefinition make_scan_secrets_tool() {
    ToolDefinition tool;
    tool.name = "scan_secrets";
    tool.title = "Scan text for secrets";
    tool.description =
        "Check a text for credentials (API keys and tokens of 60+ providers, private keys, passwords in "
        "URLs, assignments and commands) before it is saved or shared. Returns where each one is and which "
        "rule found it, with a preview of at most 4 characters (none for passwords) and a fingerprint that "
        "is stable on this machine: the secret itself is never returned. "
        "Findings the project accepted in .claude/context-sync-allow are left out.";
    tool.input_schema = {
        {"type", "object"},
        {"properties",
         {{"text",
           {{"type", "string"},
            {"description",
             "The text to check: a learning, a file, a command, a transcript line (JSON escapes are "
             "undone before scanning)."}}}}},
        {"required", {"text"}},
        {"additionalProperties", false},
    };
    tool.output_schema = {
        {"type", "object"},
        {"properties",
         {{"clean", {{"type", "boolean"}}},
          {"findings", {{"type", "array"}, {"items", finding_schema()}}},
          {"omitted",
           {{"type", "integer"},
            {"description",
             "Findings beyond the first 1000, counted but not listed (present only then)."}}}}},
        {"required", {"clean", "findings"}},
    };
    tool.annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
    tool.run = [](const nlohmann::json& arguments,
                  const ToolContext& context) -> tools::Result<nlohmann::json> {
        const std::string& text = arguments.at("text").get_ref<const std::string&>();
        const auto allowlist = load_project_allowlist(context.settings);
        tools::secrets::ScanOptions options;
        options.allowlist = allowlist.empty() ? nullptr : &allowlist;
        options.key = &fingerprint_key(context.settings);
        options.progress = &context.progress;  // a cancelled call stops between segments
        nlohmann::json findings = nlohmann::json::array();
        std::size_t omitted = 0;
        auto scanned =
            tools::secrets::Scanner::instance().scan(text, options, [&](tools::secrets::Finding&& f) {
                if (findings.size() < kMaxListedFindings) {
                    findings.push_back(finding_to_json(f));
                } else {
                    ++omitted;
                }
                return true;
            });
        if (!scanned) {
            return tl::unexpected(scanned.error());
        }
        const bool clean = findings.empty();
        nlohmann::json result{{"clean", clean}, {"findings", std::move(findings)}};
        if (omitted > 0) {
            result["omitted"] = omitted;
        }
        return result;
    };
    return tool;
}

}  // namespace server::handlers
