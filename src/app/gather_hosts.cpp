#include "gatherers.hpp"

#include "certgate/adapters/files/input_files.hpp"
#include "certgate/adapters/probe/probe_pool.hpp"
#include "certgate/adapters/probe/target.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"

namespace certgate::app::detail {
namespace {

// Targets from --host and --hosts-file, in the order given, each once.
std::vector<probe::Target> collect_targets(const HostOptions& options, Gathered& out)
{
    std::vector<probe::Target> targets;
    auto add = [&targets](probe::Target target) { targets.push_back(std::move(target)); };
    for (const std::string& text : options.hosts) {
        auto target = probe::parse_target(text);
        if (!target) {
            out.errors.push_back(make_error(ErrorCode::usage, target.error().message, "--host"));
            continue;
        }
        add(std::move(*target));
    }
    if (options.hosts_file) {
        constexpr std::uintmax_t k_max_hosts_file = 16ULL * 1024 * 1024;
        auto content = files::read_file(*options.hosts_file, k_max_hosts_file);
        if (!content) {
            out.errors.push_back(content.error());
        } else {
            probe::HostsFile parsed = probe::parse_hosts_file(*content, *options.hosts_file);
            for (Error& error : parsed.errors) {
                out.errors.push_back(std::move(error));
            }
            for (probe::Target& target : parsed.targets) {
                add(std::move(target));
            }
        }
    }
    return probe::unique_targets(std::move(targets));
}

Source host_source(const probe::Target& target)
{
    Source source;
    source.kind = SourceKind::host;
    source.path = target.label();
    source.host = target.label();
    return source;
}

Finding error_finding(const probe::Target& target, std::string message)
{
    Finding finding;
    finding.severity = Severity::error;
    finding.source = host_source(target);
    finding.message = std::move(message);
    return finding;
}

// An endpoint whose chain is not trusted (dates aside: expiry is the
// policy's) or does not cover the name asked for fails the gate, unless
// verification was skipped; the finding says why and what to do.
void add_trust_error(const probe::Target& target, const probe::ProbeResult& result, const std::string& why,
                     const std::vector<std::pair<std::string, std::string>>& details, Gathered& out)
{
    if (result.chain_trusted && result.name_matches) {
        return;
    }
    Finding finding = error_finding(target, "TLS verification failed: " + why +
                                                "; give --ca-file for a private CA, or --insecure-skip-verify to "
                                                "check the dates only");
    finding.details = details;
    out.findings.push_back(std::move(finding));
}

void add_chain(const probe::Target& target, const probe::ProbeResult& result, std::optional<probe::StartTls> starttls,
               TlsVerification verification, Gathered& out)
{
    std::vector<std::pair<std::string, std::string>> details;
    details.emplace_back("chain_verified", result.chain_verified ? "true" : "false");
    if (!result.chain_verified) {
        details.emplace_back("verify_error", result.verify_error);
    }
    details.emplace_back("name_matches", result.name_matches ? "true" : "false");
    details.emplace_back("tls_version", result.tls_version);
    details.emplace_back("sni", result.sni);
    if (starttls) {
        details.emplace_back("starttls", std::string(probe::to_string(*starttls)));
    }
    std::string leaf_note;
    if (!result.chain_verified) {
        leaf_note = "chain does not verify: " + result.verify_error;
    }
    if (!result.name_matches) {
        leaf_note += std::string(leaf_note.empty() ? "" : "; ") + "certificate does not cover \"" +
                     target.requested_name() + "\"";
    }
    if (verification == TlsVerification::required) {
        add_trust_error(target, result, leaf_note, details, out);
    }
    for (std::size_t i = 0; i < result.chain_der.size(); ++i) {
        const int index = static_cast<int>(i);
        auto bundle = x509::read_der(result.chain_der[i], target.label());
        if (!bundle || bundle->certificates.empty()) {
            Finding failed =
                error_finding(target, "cannot read certificate " + std::to_string(index) + " of the served chain: " +
                                          (bundle ? std::string("no certificate") : bundle.error().message));
            failed.source.index = index;
            out.findings.push_back(std::move(failed));
            continue;
        }
        Finding finding;
        finding.source = host_source(target);
        finding.source.index = index;
        finding.certificate = std::move(bundle->certificates.front().info);
        finding.details = details;
        if (index == 0) {
            finding.message = leaf_note;
        }
        out.findings.push_back(std::move(finding));
    }
}

} // namespace

void gather_hosts(const CheckRequest& request, Gathered& out)
{
    const HostOptions& options = request.hosts;
    probe::ProbeOptions probe_options;
    probe_options.connect_timeout = options.connect_timeout;
    probe_options.deadline = options.deadline;
    probe_options.now = request.now;
    std::optional<probe::StartTls> starttls;
    if (options.starttls) {
        auto parsed = probe::parse_starttls(*options.starttls);
        if (!parsed) {
            out.errors.push_back(make_error(ErrorCode::usage, parsed.error().message, "--starttls"));
            return;
        }
        starttls = *parsed;
        probe_options.starttls = *parsed;
    }
    auto trust = options.ca_file ? probe::TrustStore::from_file(*options.ca_file) : probe::TrustStore::system();
    if (!trust) {
        out.errors.push_back(trust.error());
        return;
    }
    const std::vector<probe::Target> targets = collect_targets(options, out);
    const auto results = probe::probe_endpoints(targets, probe_options, *trust, options.concurrency);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (!results[i]) {
            out.findings.push_back(error_finding(targets[i], results[i].error().message));
            continue;
        }
        add_chain(targets[i], *results[i], starttls, options.verification, out);
    }
}

} // namespace certgate::app::detail
