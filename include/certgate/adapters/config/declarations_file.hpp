#pragma once
// The declarations file (schemas/declarations.schema.json) as typed entries:
// the JSON syntax, the keys and the value types are checked here; what the
// values mean (fingerprints, instants, contacts, references) is checked by
// app::declarations_from_file.

#include "certgate/core/result.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::config {

/// The deepest nesting of arrays and objects accepted in a declarations file.
inline constexpr std::size_t k_max_declarations_depth = 64;

/// One entry of "certificates"; absent strings are "".
struct FileCertificate {
    std::string pointer; ///< "/certificates/0"
    std::string name;
    std::string certificate_file;
    std::string id;
    std::string not_before;
    std::string not_after;
    std::string status;
    std::optional<bool> expiration_notification;
    /// "policy": setting name -> value as text (numbers as written, arrays joined with ",").
    std::map<std::string, std::string> policy;
};

/// One entry of "recipients"; absent strings are "".
struct FileRecipient {
    std::string pointer; ///< "/recipients/0"
    std::string name;
    std::string email;
    std::string mobile;
    std::optional<std::vector<std::string>> channels;
    std::optional<std::vector<std::string>> categories;
};

/// One entry of "notifications".
struct FileNotification {
    std::string pointer;     ///< "/notifications/0"
    std::string certificate; ///< id or name; required
    std::optional<bool> enabled;
    std::optional<std::vector<std::string>> recipients; ///< ids or names
    std::optional<std::string> milestones;              ///< "2mo,1mo,1w" (an array is joined with ",")
};

/// A declarations file, entries in document order.
struct DeclarationsFile {
    std::vector<FileCertificate> certificates;
    std::vector<FileRecipient> recipients;
    std::vector<FileNotification> notifications;
};

/// Parses a declarations file; `where` names it in errors, which add a JSON
/// pointer. Fails on malformed JSON (json_syntax_error's wording), nesting
/// deeper than k_max_declarations_depth, an unknown key (ErrorCode::usage),
/// a value of the wrong type or a missing notification "certificate".
/// Lists may be given as arrays of strings or as one comma-separated string.
[[nodiscard]] Result<DeclarationsFile> parse_declarations_file(std::string_view text, const std::string& where);

/// A list written as a JSON array of strings (`["a","b"]`, other items
/// skipped) or comma-separated (`a, b`); blanks around items are dropped.
[[nodiscard]] std::vector<std::string> split_list(const std::string& text);

} // namespace certgate::config
