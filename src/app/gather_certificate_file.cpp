#include "gatherers.hpp"

#include "certgate/adapters/x509/certificate_reader.hpp"

namespace certgate::app::detail {

void gather_certificate_file(const std::string& path, const std::string& content, const CheckRequest& request,
                             Gathered& out)
{
    (void)request;
    auto bundle = x509::read_certificates(content, path);
    if (!bundle) {
        out.errors.push_back(bundle.error());
        return;
    }
    if (bundle->certificates.empty()) {
        out.errors.push_back(make_error(ErrorCode::input, "no certificate found in the input", path));
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
