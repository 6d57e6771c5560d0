#include "certgate/adapters/terraform/plan_reader.hpp"

#include "discovery.hpp"

namespace certgate::terraform {

Result<Discovery> read_terraform_json(std::istream& in, const std::string& path, const ReadOptions& options)
{
    detail::Collector collector(options);
    auto summary = read_records(in, path, collector, options.limits);
    if (!summary) {
        return summary.error();
    }
    Discovery discovery;
    discovery.summary = *summary;
    const SourceKind kind = summary->kind == DocumentKind::plan ? SourceKind::plan : SourceKind::state;
    discovery.findings = collector.finish(kind, path);
    if (summary->errored) {
        Finding finding;
        finding.severity = Severity::error;
        finding.source.kind = kind;
        finding.source.path = path;
        finding.message = "Terraform reported errors while planning (\"errored\": true), so the plan is "
                          "incomplete; fix the errors of terraform plan first";
        discovery.findings.push_back(std::move(finding));
    }
    return discovery;
}

} // namespace certgate::terraform
