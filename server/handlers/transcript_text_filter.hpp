// SECRET REDACTION HOOK for transcript text. extract_transcript and `context-sync extract` pass every
// rendered unit through the filter made here before paging, so both show the same (redacted) text and
// pages still concatenate to the CLI's output. The filter replaces every secret the scanner finds with
// [REDACTED:<rule_id>] (tools::secrets::Scanner::redact), except findings in the project's allowlist,
// and counts them into stats.redactions.
#pragma once

#include "server/settings.hpp"
#include "tools/transcripts/extract.hpp"

namespace server::handlers {

tools::transcripts::TextFilter make_transcript_text_filter(const Settings& settings);

}  // namespace server::handlers
