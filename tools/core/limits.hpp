// Limits shared by every reader of transcripts, in one place so listing and extraction agree.
#pragma once

#include <cstddef>

namespace tools {

// The longest transcript line that is parsed. A longer line (a 60 MB pasted log) is skipped without
// being buffered and counted as a bad line, by the listing and by extraction alike; it bounds the
// memory one line can take.
inline constexpr std::size_t kMaxLineBytes = 8u << 20;

// How much text past a cut point is redacted along with what is shown. A secret that starts in the
// shown part ends within this many characters (the longest formats, PEM private keys, stay under it),
// so redacting shown + margin and then cutting never reveals the start of a secret, while a long
// text is redacted only in its first few kilobytes.
inline constexpr std::size_t kRedactionMarginChars = 8192;

}  // namespace tools
