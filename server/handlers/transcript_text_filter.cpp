#include "server/handlers/transcript_text_filter.hpp"

#include <memory>

#include "server/handlers/secret_findings.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::handlers {

tools::transcripts::TextFilter make_transcript_text_filter(const Settings& settings) {
    // The project's allowlist is read once per extraction, not once per unit.
    auto allowlist = std::make_shared<const tools::secrets::Allowlist>(load_project_allowlist(settings));
    return [allowlist](std::string_view text, std::size_t& redactions) {
        auto redaction = tools::secrets::Scanner::instance().redact(text, *allowlist);
        redactions += redaction.count;
        return std::move(redaction.text);
    };
}

}  // namespace server::handlers
