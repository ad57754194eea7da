// The scan_secrets tool: where a text holds credentials, without ever repeating them.
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/secret_findings.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::handlers {

ToolDefinition make_scan_secrets_tool() {
    ToolDefinition tool;
    tool.name = "scan_secrets";
    tool.title = "Scan text for secrets";
    tool.description =
        "Check a text for credentials (API keys and tokens of 60+ providers, private keys, passwords in "
        "URLs, assignments and commands) before it is saved or shared. Returns where each one is and which "
        "rule found it, with a preview of at most 4 characters: the secret itself is never returned. "
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
         {{"clean", {{"type", "boolean"}}}, {"findings", {{"type", "array"}, {"items", finding_schema()}}}}},
        {"required", {"clean", "findings"}},
    };
    tool.annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
    tool.run = [](const nlohmann::json& arguments,
                  const ToolContext& context) -> tools::Result<nlohmann::json> {
        const std::string& text = arguments.at("text").get_ref<const std::string&>();
        const auto allowlist = load_project_allowlist(context.settings);
        const auto findings = tools::secrets::Scanner::instance().scan(text, allowlist);
        return nlohmann::json{{"clean", findings.empty()}, {"findings", findings_to_json(findings)}};
    };
    return tool;
}

}  // namespace server::handlers
