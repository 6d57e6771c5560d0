#include "gatherers.hpp"

#include "certgate/adapters/x509/certificate_reader.hpp"

#include <array>

namespace certgate::app::detail {
namespace {

struct KnownBlock {
    std::string_view label;
    std::string_view what; ///< what such a block holds, for the message
    std::string_view hint; ///< what to do instead, "" when nothing helps
};

// PEM labels of RFC 7468 (and OpenSSL's older names) that are often mistaken
// for certificates.
constexpr std::array<KnownBlock, 7> k_not_certificates{{
    {"CERTIFICATE REQUEST", "a certificate signing request", ""},
    {"NEW CERTIFICATE REQUEST", "a certificate signing request", ""},
    {"X509 CRL", "a certificate revocation list", ""},
    {"PKCS7", "a PKCS#7 structure", "; `openssl pkcs7 -print_certs` extracts its certificates"},
    {"CMS", "a CMS structure", ""},
    {"PUBLIC KEY", "a public key", ""},
    {"ATTRIBUTE CERTIFICATE", "an attribute certificate", ""},
}};

// Why a bundle without certificates is not one, naming what it held.
std::string no_certificate_message(const x509::Bundle& bundle)
{
    for (const std::string& label : bundle.other_block_labels) {
        for (const KnownBlock& known : k_not_certificates) {
            if (label == known.label) {
                return "holds " + std::string(known.what) + " (PEM \"" + label + "\"), not a certificate" +
                       std::string(known.hint);
            }
        }
    }
    std::string message = "no certificate found in the input, expected a PEM \"CERTIFICATE\" block";
    if (bundle.private_keys > 0) {
        message += " (found " + std::to_string(bundle.private_keys) + " private key" +
                   (bundle.private_keys == 1 ? "" : "s") + ")";
    } else if (!bundle.other_block_labels.empty()) {
        message += " (found a PEM \"" + bundle.other_block_labels.front() + "\" block)";
    }
    return message;
}

} // namespace

void gather_certificate_file(const std::string& path, const std::string& content, const CheckRequest& request,
                             Gathered& out)
{
    auto bundle = x509::read_certificate_file(content, path, request.pkcs12_password);
    if (!bundle) {
        out.errors.push_back(bundle.error());
        return;
    }
    if (bundle->certificates.empty()) {
        // In a directory walk a key or a CSR beside the certificates is skipped, not an error.
        if (out.in_walk) {
            out.skipped.push_back({path, no_certificate_message(*bundle)});
        } else {
            out.errors.push_back(make_error(ErrorCode::input, no_certificate_message(*bundle), path));
        }
        return;
    }
    int index = 0;
    for (x509::Certificate& certificate : bundle->certificates) {
        Finding finding;
        finding.source.kind = SourceKind::file;
        finding.source.path = path;
        finding.source.index = index++;
        finding.certificate = std::move(certificate.info);
        out.findings.push_back(std::move(finding));
    }
}

} // namespace certgate::app::detail
