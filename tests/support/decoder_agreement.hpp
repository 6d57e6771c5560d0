#pragma once
// Whether the fast certificate decoder and the d2i_X509 reference agree on
// one DER input. Header-only, so that the unit tests and the certificates
// fuzz harness (which links no test support) share one definition.

#include "certgate/adapters/x509/certificate_reader.hpp"
#include "certgate/core/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace certgate::testing {

/// The names of the fields on which the two decoders disagree, empty when
/// they agree (or both refuse the input with the same message). The fast
/// decoder runs with strict names, as d2i_X509 refuses the names it
/// refuses. One documented exception: when OpenSSL cannot load the public
/// key (the reference says key type "", e.g. an EC point off its curve), the
/// fast decoder, which never loads keys, still names the key from its
/// encoding, so key type, size and self-signed are not compared.
inline std::vector<std::string> decoder_disagreements(std::string_view der)
{
    const auto fast = x509::describe_der(der, "der", x509::NameDecoding::strict);
    const auto reference = x509::describe_der_reference(der, "der");
    if (!fast || !reference) {
        if (!fast && !reference && fast.error().describe() == reference.error().describe()) {
            return {};
        }
        return {std::string("outcome: fast ") + (fast ? "accepts" : fast.error().describe()) + ", reference " +
                (reference ? "accepts" : reference.error().describe())};
    }
    const CertificateInfo& a = *fast;
    const CertificateInfo& b = *reference;
    std::vector<std::string> differ;
    const auto check = [&differ](bool same, const std::string& field, const std::string& left,
                                 const std::string& right) {
        if (!same) {
            differ.push_back(field + ": fast \"" + left + "\", reference \"" + right + "\"");
        }
    };
    const auto join = [](const std::vector<std::string>& items) {
        std::string text;
        for (const std::string& item : items) {
            text += item + ";";
        }
        return text;
    };
    const auto instant = [](const std::optional<Instant>& value) {
        return value ? format_rfc3339(*value) : std::string("none");
    };
    check(a.subject == b.subject, "subject", a.subject, b.subject);
    check(a.issuer == b.issuer, "issuer", a.issuer, b.issuer);
    check(a.common_name == b.common_name, "common_name", a.common_name, b.common_name);
    check(a.sans == b.sans, "sans", join(a.sans), join(b.sans));
    check(a.serial == b.serial, "serial", a.serial, b.serial);
    check(a.fingerprint_sha256 == b.fingerprint_sha256, "fingerprint_sha256", a.fingerprint_sha256,
          b.fingerprint_sha256);
    check(a.not_before == b.not_before, "not_before", instant(a.not_before), instant(b.not_before));
    check(a.not_after == b.not_after, "not_after", instant(a.not_after), instant(b.not_after));
    check(a.signature_algorithm == b.signature_algorithm, "signature_algorithm", a.signature_algorithm,
          b.signature_algorithm);
    check(a.is_ca == b.is_ca, "is_ca", a.is_ca ? "true" : "false", b.is_ca ? "true" : "false");
    if (!b.key_type.empty()) {
        check(a.key_type == b.key_type, "key_type", a.key_type, b.key_type);
        check(a.key_bits == b.key_bits, "key_bits", std::to_string(a.key_bits), std::to_string(b.key_bits));
        check(a.self_signed == b.self_signed, "self_signed", a.self_signed ? "true" : "false",
              b.self_signed ? "true" : "false");
    }
    return differ;
}

} // namespace certgate::testing
