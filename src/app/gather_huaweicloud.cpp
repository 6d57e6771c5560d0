// The Huawei Cloud Certificate Manager source of `certgate check`.

#include "gatherers.hpp"

#include "certgate/adapters/huaweicloud/api_model.hpp"
#include "certgate/adapters/huaweicloud/scm_client.hpp"
#include "certgate/adapters/tz/zone_database.hpp"
#include "certgate/app/huaweicloud.hpp"

#include <set>

namespace certgate::app::detail {
namespace {

Finding source_finding(const std::string& source, Severity severity, std::string message)
{
    Finding finding;
    finding.severity = severity;
    finding.source.kind = SourceKind::api;
    finding.source.path = source;
    finding.message = std::move(message);
    return finding;
}

// The API's sans is one string; split it on the separators seen in practice.
std::vector<std::string> split_sans(const std::string& domain, const std::string& sans)
{
    std::vector<std::string> names;
    std::set<std::string> seen;
    std::string current;
    const auto flush = [&] {
        if (!current.empty() && seen.insert(current).second) {
            names.push_back("DNS:" + current);
        }
        current.clear();
    };
    for (const char c : domain + "," + sans) {
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            flush();
        } else if (static_cast<unsigned char>(c) >= 0x20) {
            current.push_back(c);
        }
    }
    flush();
    return names;
}

// Returns false when the API cannot be reached any more (a transport failure
// would only repeat for every further certificate).
bool add_certificate(huaweicloud::ScmClient& client, const huaweicloud::ListedCertificate& listed,
                     const std::string& source, const TimeZone& zoneless, Gathered& out)
{
    Finding finding = source_finding(source, Severity::ok, "");
    finding.source.address = listed.id;

    auto details = client.show_certificate(listed.id);
    if (!details) {
        finding.severity = Severity::error;
        finding.message = details.error().message;
        out.findings.push_back(std::move(finding));
        return details.error().code != ErrorCode::network;
    }
    const std::string status = details->status.empty() ? listed.status : details->status;
    const std::string name = details->name.empty() ? listed.name : details->name;
    finding.details.emplace_back("status", status.empty() ? "(none)" : status);
    const auto lifecycle = map_scm_status(status);
    if (lifecycle) {
        finding.details.emplace_back("lifecycle_status", std::string(to_string(*lifecycle)));
    }
    if (!name.empty()) {
        finding.details.emplace_back("name", name);
    }
    if (!lifecycle) {
        finding.severity = Severity::unknown;
        finding.message =
            "Huawei Cloud status " + quote_for_message(status, 40) + " is not ISSUED, UPLOAD or EXPIRED; not evaluated";
        out.findings.push_back(std::move(finding));
        return true;
    }

    CertificateInfo certificate;
    const std::string domain = details->domain.empty() ? listed.domain : details->domain;
    certificate.common_name = domain;
    if (!domain.empty()) {
        certificate.subject = "CN=" + domain;
    }
    certificate.sans = split_sans(domain, details->sans.empty() ? listed.sans : details->sans);
    certificate.signature_algorithm =
        details->signature_algorithm.empty() ? listed.signature_algorithm : details->signature_algorithm;
    if (!details->fingerprint.empty()) {
        finding.details.emplace_back("fingerprint_sha1", details->fingerprint);
    }

    const std::string& not_after_text = details->not_after.empty() ? listed.expire_time : details->not_after;
    if (not_after_text.empty()) {
        finding.severity = Severity::error;
        finding.message = "the API gives neither not_after nor expire_time for this certificate";
        out.findings.push_back(std::move(finding));
        return true;
    }
    auto not_after = huaweicloud::parse_api_time(not_after_text, zoneless);
    if (!not_after) {
        finding.severity = Severity::error;
        finding.message =
            std::string(details->not_after.empty() ? "expire_time" : "not_after") + ": " + not_after.error().message;
        out.findings.push_back(std::move(finding));
        return true;
    }
    certificate.not_after = *not_after;
    if (!details->not_before.empty()) {
        auto not_before = huaweicloud::parse_api_time(details->not_before, zoneless);
        if (!not_before) {
            finding.severity = Severity::error;
            finding.message = "not_before: " + not_before.error().message;
            out.findings.push_back(std::move(finding));
            return true;
        }
        certificate.not_before = *not_before;
    }
    finding.certificate = std::move(certificate);
    out.findings.push_back(std::move(finding));
    return true;
}

} // namespace

void gather_huaweicloud(const CheckRequest& request, Gathered& out)
{
    const std::string region = request.huaweicloud.region.value_or("");
    auto zone = tz::load_time_zone(request.huaweicloud.expire_time_zone);
    if (!zone) {
        out.errors.push_back(make_error(ErrorCode::usage, zone.error().message, "--huaweicloud-expire-zone"));
        return;
    }
    auto options = huaweicloud_client_options(
        HuaweiCloudConnection{region, request.huaweicloud.endpoint, {}, request.huaweicloud.variables});
    if (!options) {
        out.errors.push_back(options.error());
        return;
    }
    const std::string source = huaweicloud_source(region);
    huaweicloud::ScmClient client(std::move(*options));
    auto listed = huaweicloud::list_all_certificates(client);
    if (!listed) {
        out.findings.push_back(source_finding(source, Severity::error, listed.error().message));
        return;
    }
    for (const huaweicloud::ListedCertificate& certificate : *listed) {
        if (!add_certificate(client, certificate, source, **zone, out)) {
            break;
        }
    }
}

} // namespace certgate::app::detail
