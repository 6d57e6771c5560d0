#pragma once
// One escaping routine for the output syntaxes certgate writes (HTML, XML,
// Markdown, GitHub workflow commands, Prometheus labels): each syntax is a
// table of bytes and what stands for them.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace certgate {

/// A byte and the text written in its place.
struct Replacement {
    char byte;
    std::string_view text;
};

/// How a text is escaped for one syntax.
struct EscapeRules {
    std::span<const Replacement> replacements;
    /// What any other control byte (below 0x20, and 0x7f) becomes; nullopt
    /// keeps it as it is.
    std::optional<char> control = std::nullopt;
};

/// `text` with every byte listed in `rules` replaced by its text and the
/// other control bytes handled as `rules.control` says; every other byte is
/// copied. Works byte by byte: run valid_utf8 first where the output must be
/// UTF-8.
[[nodiscard]] std::string escape(std::string_view text, const EscapeRules& rules);

/// `text` for HTML element content and double- or single-quoted attribute
/// values: & < > " ' become character references; other bytes are copied.
[[nodiscard]] std::string escape_html(std::string_view text);

} // namespace certgate
