#include "gatherers.hpp"

#include "certgate/adapters/x509/certificate_reader.hpp"

namespace certgate::app::detail {

void gather_certificate_file(const std::string& path, const std::string& content, const CheckRequest& request,
                             Gathered& out)
{
    auto bundle = x509::read_certificate_file(content, path, request.pkcs12_password);
    if (!bundle) {
        out.errors.push_back(bundle.error());
        return;
    }
    if (bundle->certificates.empty()) {
        std::string message = "no certificate found in the input, expected a PEM \"CERTIFICATE\" block";
        if (bundle->private_keys > 0) {
            message += " (found " + std::to_string(bundle->private_keys) + " private key" +
                       (bundle->private_keys == 1 ? "" : "s") + ")";
        }
        out.errors.push_back(make_error(ErrorCode::input, std::move(message), path));
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
