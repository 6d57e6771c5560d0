#include "certgate/core/escape.hpp"

#include <algorithm>
#include <array>

namespace certgate {

std::string escape(std::string_view text, const EscapeRules& rules)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto replacement = std::find_if(rules.replacements.begin(), rules.replacements.end(),
                                              [c](const Replacement& entry) { return entry.byte == c; });
        if (replacement != rules.replacements.end()) {
            out += replacement->text;
        } else if (rules.control && (static_cast<unsigned char>(c) < 0x20 || c == '\x7f')) {
            out.push_back(*rules.control);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string escape_html(std::string_view text)
{
    static constexpr std::array<Replacement, 5> k_html{
        {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}}};
    return escape(text, {k_html});
}

} // namespace certgate
