#include "certgate/app/check.hpp"

#include "gatherers.hpp"
#include "parallel.hpp"

#include "certgate/adapters/files/input_files.hpp"
#include "certgate/core/waiver.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace certgate::app {
namespace {

// A file named on the command line must be something certgate reads; one met
// in a directory walk (a README, a Java keystore) is only listed as skipped.
void not_a_certificate(const std::string& path, std::string reason, std::string error, detail::Gathered& out)
{
    if (out.in_walk) {
        out.skipped.push_back({path, std::move(reason)});
    } else {
        out.errors.push_back(make_error(ErrorCode::input, std::move(error), path));
    }
}

void gather_input(const std::string& path, const CheckRequest& request, detail::Gathered& out)
{
    auto opened = files::open_input(path);
    if (!opened) {
        out.errors.push_back(opened.error());
        return;
    }
    switch (files::sniff(opened->head)) {
    case files::ContentKind::json:
        detail::gather_terraform(*opened, request, out);
        return;
    case files::ContentKind::pem:
    case files::ContentKind::der:
    case files::ContentKind::pkcs12: {
        auto content = files::read_stream(*opened->stream, request.max_file_bytes, path);
        if (!content) {
            out.errors.push_back(content.error());
            return;
        }
        detail::gather_certificate_file(path, *content, request, out);
        return;
    }
    case files::ContentKind::empty:
        not_a_certificate(path, "empty file", "empty input, expected PEM, DER, PKCS#12 or Terraform JSON", out);
        return;
    case files::ContentKind::unknown:
        not_a_certificate(path, "not a certificate or Terraform JSON",
                          "not a certificate or Terraform JSON, expected PEM, DER, PKCS#12 or the output of terraform "
                          "show -json",
                          out);
        return;
    }
}

// Every file of every input, decoded on the pool; each file fills its own
// slot and the slots are merged in input order, so findings and errors come
// out in the same order whatever the number of threads.
void gather_inputs(const CheckRequest& request, detail::Gathered& gathered)
{
    std::vector<std::string> paths;
    std::vector<detail::Gathered> slots;
    for (const std::string& input : request.inputs) {
        auto expanded = files::expand_input(input);
        if (!expanded) {
            slots.emplace_back().errors.push_back(expanded.error());
            paths.emplace_back();
            continue;
        }
        for (std::string& path : *expanded) {
            // expand_input gives a named file back as it is; anything else came from a walk.
            slots.emplace_back().in_walk = path != input;
            paths.push_back(std::move(path));
        }
    }
    // A plan decodes its own certificates on the threads the files leave
    // over, so that nesting never runs more than `jobs` threads in all.
    const unsigned threads = detail::pool_size(request.jobs, paths.size());
    const unsigned per_file = std::max(1U, detail::pool_size(request.jobs, SIZE_MAX) / threads);
    for (detail::Gathered& slot : slots) {
        slot.jobs = per_file;
    }
    detail::for_each_index(paths.size(), request.jobs, [&](std::size_t i) {
        if (!paths[i].empty()) {
            gather_input(paths[i], request, slots[i]);
        }
    });
    if (slots.size() > 1) { // room made once; a single slot's vectors are taken over whole
        std::size_t findings = 0;
        for (const detail::Gathered& slot : slots) {
            findings += slot.findings.size();
        }
        gathered.findings.reserve(gathered.findings.size() + findings);
    }
    for (detail::Gathered& slot : slots) {
        detail::move_append(gathered.findings, std::move(slot.findings));
        detail::move_append(gathered.errors, std::move(slot.errors));
        detail::move_append(gathered.skipped, std::move(slot.skipped));
    }
}

} // namespace

CheckOutcome run_check(const CheckRequest& request)
{
    detail::Gathered gathered;
    gather_inputs(request, gathered);
    if (!request.hosts.hosts.empty() || request.hosts.hosts_file) {
        detail::gather_hosts(request, gathered);
    }
    if (request.huaweicloud.region) {
        detail::gather_huaweicloud(request, gathered);
    }

    const Policy& policy = request.policy.policy;
    const Date today = policy.time_zone->local_date(request.now);
    // In place: a second vector of findings would hold them all twice.
    std::vector<Finding>& findings = gathered.findings;
    if (request.leaf_only) {
        std::erase_if(findings, [](const Finding& finding) { return finding.source.index.value_or(0) > 0; });
    }
    for (Finding& finding : findings) {
        assess(finding, policy, request.now);
        finding.waiver = match_waiver(finding, request.policy.waivers, today);
    }
    CheckOutcome outcome;
    outcome.report = make_report(std::move(findings), request.gate, request.now, policy.time_zone->name());
    outcome.report.input_errors = std::move(gathered.errors);
    outcome.report.skipped = std::move(gathered.skipped);
    return outcome;
}

int exit_status(const CheckOutcome& outcome)
{
    switch (gate_verdict(outcome.report)) {
    case GateVerdict::pass:
        return 0;
    case GateVerdict::fail:
        return 1;
    case GateVerdict::error:
        return 2;
    }
    return 2;
}

} // namespace certgate::app
