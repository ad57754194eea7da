// The text a secret scanner should look at: JSON string escapes undone, so a key that a transcript line
// stores as `-----BEGIN…\nMIIE…` or `\"ghp_…\"` is matched as the text the user saw, and positions found in
// that decoded text map back to byte offsets in the original (for line/column, length and redaction).
//
// Escapes are undone wherever they appear (the scanner does not know which bytes are inside JSON
// strings): \" \\ \/ \b \f \n \r \t and \uXXXX (surrogate pairs combined). Anything else after a
// backslash (`\s`, `\U`, a lone surrogate) is kept byte for byte, so plain text passes through unchanged.
// Immutable after construction; the original text must outlive the object.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tools::secrets {

class DecodedText {
  public:
    explicit DecodedText(std::string_view original);

    std::string_view original() const { return m_original; }
    std::string_view text() const { return m_escapes.empty() ? m_original : std::string_view(m_storage); }

    // Offset in the original of the byte at decoded offset `decoded` (a match start). A position inside
    // the output of one escape maps to the escape's first byte.
    std::size_t to_original_begin(std::size_t decoded) const;
    // Offset in the original one past the end of a match that ends (exclusively) at `decoded`. A
    // position inside the output of one escape maps past the whole escape, so a span never splits one.
    std::size_t to_original_end(std::size_t decoded) const;

  private:
    // 16 bytes per escape (a transcript has one every ~60 bytes); the lengths of an escape and of its
    // output are recomputed from the original when a position is mapped, which is rare.
    struct Escape {
        std::size_t decoded;   // where its output starts in the decoded text
        std::size_t original;  // where the escape starts in the original
    };
    struct Span {
        std::size_t decoded, original, decoded_length, original_length;
    };
    bool span_at_or_before(std::size_t decoded, Span& span) const;

    std::string_view m_original;
    std::string m_storage;  // the decoded text; empty when the original has no escape
    std::vector<Escape> m_escapes;
};

}  // namespace tools::secrets
