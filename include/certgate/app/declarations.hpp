#pragma once
// What `certgate notify`, `status`, `serve` and `recipients` act on:
// certificates, recipients and notification settings declared in Terraform
// (read from `terraform show -json`) through certgate-external or
// terraform-provider-certgate, or in a plain JSON file
// (schemas/declarations.schema.json). Declarations never come from the store.

#include "certgate/adapters/config/declarations_file.hpp"
#include "certgate/adapters/terraform/records.hpp"
#include "certgate/core/channel.hpp"
#include "certgate/core/evaluation.hpp"
#include "certgate/core/lifecycle.hpp"
#include "certgate/core/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::app {

/// A declared certificate.
struct DeclaredCertificate {
    std::string id;      ///< SHA-256 fingerprint, lowercase hex
    std::string name;    ///< display name ("web.example.com")
    std::string address; ///< "data.external.web" or "/certificates/0"
    CertificateStatus status = CertificateStatus::uploaded;
    std::optional<bool> expiration_notification; ///< as declared; nullopt = not said
    Validity validity;
    /// What the certificate says of itself, when the declaration carries it
    /// (certgate-external's result, a certificate_file); "" and empty otherwise.
    std::string subject;
    std::string issuer;
    std::string serial;
    std::vector<std::string> sans; ///< "DNS:…", "IP:…"
    /// Policy settings declared with the certificate (query keys such as
    /// "milestones", "timezone"), applied over the command's policy.
    std::map<std::string, std::string> policy_settings;
};

/// A declared recipient.
struct DeclaredRecipient {
    std::string id; ///< "rcpt-" + 16 hex (app::recipient_id)
    std::string name;
    std::string address;
    std::string email;  ///< normalised; "" when none
    std::string mobile; ///< E.164; "" when none
    std::vector<Channel> channels;
    std::vector<std::string> categories; ///< "certificate-expiration", "certificate-expired"
};

/// A certificate's notification settings.
struct DeclaredNotification {
    std::string certificate_id;
    std::string address;
    std::optional<bool> enabled;                        ///< the toggle; nullopt = as the certificate says
    std::optional<std::vector<std::string>> recipients; ///< ids; nullopt = every declared recipient
    std::optional<std::string> milestones;              ///< "2mo,1mo,…"; nullopt = the policy's
};

/// Everything declared, in declaration order, duplicates removed.
struct Declarations {
    std::vector<DeclaredCertificate> certificates;
    std::vector<DeclaredRecipient> recipients;
    std::vector<DeclaredNotification> notifications;
};

/// Inputs larger than this are refused before they are read.
inline constexpr std::uint64_t k_max_declarations_bytes = 256ULL * 1024 * 1024;

/// Where declarations come from.
enum class DeclarationFormat {
    terraform, ///< `terraform show -json` of a state or a plan
    file,      ///< schemas/declarations.schema.json
};

/// Reads declarations from a file ("-" = stdin). Errors name the path and a
/// JSON pointer or resource address; files over `max_bytes` are refused.
[[nodiscard]] Result<Declarations> read_declarations(const std::string& path, DeclarationFormat format,
                                                     std::uint64_t max_bytes = k_max_declarations_bytes);

/// Maps the declaring instances of a document (from
/// terraform::read_declaration_sources) to declarations: certgate-external
/// data sources of kind `certificate`, `recipient` and `notification` (those
/// whose result is not known yet are skipped), and the certgate provider's
/// `certgate_certificate` data sources and `certgate_recipient` and
/// `certgate_notification` resources of the applied state (state values, a
/// plan's prior state) whose `id` is known. Both go through the same rules.
/// Pure. Fails (naming `where` and the address) on a bad id, instant, status,
/// toggle, list, attribute type or reference.
[[nodiscard]] Result<Declarations> declarations_from_records(std::span<const terraform::InstanceRecord> sources,
                                                             const std::string& where);

/// Reads Terraform JSON text with the one Terraform reader and maps it as
/// declarations_from_records does. `where` names the input in errors.
[[nodiscard]] Result<Declarations> parse_terraform_declarations(std::string_view text, const std::string& where);

/// Maps a declarations file's entries (from config::parse_declarations_file)
/// to declarations. Certificates give `certificate_file` (PEM or DER,
/// relative to `base_directory`, read here) or `id` + `not_after`;
/// notifications and recipients lists refer to certificates and recipients
/// by id or name. Fails (naming `where` and the entry's JSON pointer) on a
/// bad fingerprint, instant, status, contact, channel, category or reference.
[[nodiscard]] Result<Declarations> declarations_from_file(const config::DeclarationsFile& file,
                                                          const std::string& where, const std::string& base_directory);

/// Parses a declarations file (config::parse_declarations_file) and maps it
/// as declarations_from_file does.
[[nodiscard]] Result<Declarations> parse_declarations_file(std::string_view text, const std::string& where,
                                                           const std::string& base_directory);

} // namespace certgate::app
