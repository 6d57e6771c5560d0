// The console's server-side cost for a large fleet: 10,000 declared
// certificates (by default) evaluated into a view, and the list page, one
// certificate page and the API list rendered. Prints the median and the
// slowest of N rounds of each step, in milliseconds (bench/console/README.md).
//
//   bench_console [--certificates N] [--rounds R]

#include "certgate/app/console_view.hpp"
#include "certgate/report/console.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace certgate;
using Clock = std::chrono::steady_clock;

app::Declarations fleet(int count, Instant now)
{
    app::Declarations declarations;
    const CertificateStatus statuses[] = {CertificateStatus::issued, CertificateStatus::hosting,
                                          CertificateStatus::uploaded};
    for (int i = 0; i < count; ++i) {
        app::DeclaredCertificate certificate;
        char id[65];
        std::snprintf(id, sizeof(id), "%064x", i + 1);
        certificate.id = id;
        certificate.name = "host-" + std::to_string(i) + ".example.com";
        certificate.address = "/certificates/" + std::to_string(i);
        certificate.subject = "CN=" + certificate.name + ",O=Example <Bench & Co>";
        certificate.sans = {"DNS:" + certificate.name, "DNS:www." + certificate.name};
        certificate.status = statuses[i % 3];
        // Spread from 40 days ago to a year ahead, so every severity occurs.
        certificate.validity.not_after = now + std::chrono::hours(24 * ((i * 7) % 405 - 40));
        certificate.validity.not_before = certificate.validity.not_after - std::chrono::hours(24 * 398);
        declarations.certificates.push_back(std::move(certificate));
    }
    return declarations;
}

template <typename Step> void measure(const char* name, int rounds, Step step)
{
    std::vector<double> milliseconds;
    std::size_t bytes = 0;
    for (int round = 0; round < rounds; ++round) {
        const auto start = Clock::now();
        bytes = step();
        milliseconds.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(milliseconds.begin(), milliseconds.end());
    std::printf("%-28s median %8.2f ms  max %8.2f ms  (%zu bytes)\n", name, milliseconds[milliseconds.size() / 2],
                milliseconds.back(), bytes);
}

} // namespace

int main(int argc, char** argv)
{
    int count = 10000;
    int rounds = 15;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--certificates") {
            count = std::atoi(argv[i + 1]);
        } else if (flag == "--rounds") {
            rounds = std::atoi(argv[i + 1]);
        }
    }
    const Instant now = Instant(std::chrono::seconds(1796083200)); // 2026-12-01T00:00:00Z
    const auto declarations = fleet(count, now);
    const Policy policy;
    const app::ConsoleSource source{"bench.json", SourceKind::file};
    std::printf("%d certificates, %d rounds\n", count, rounds);
    measure("evaluate (snapshot)", rounds, [&] {
        auto snapshot = app::build_console_snapshot(declarations, policy, now, source, nullptr);
        return snapshot ? snapshot->metrics.size() : 0U;
    });
    auto snapshot = app::build_console_snapshot(declarations, policy, now, source, nullptr);
    if (!snapshot) {
        std::fprintf(stderr, "bench_console: %s\n", snapshot.error().describe().c_str());
        return 1;
    }
    const auto& view = snapshot->view;
    measure("list page (HTML)", rounds, [&] { return report::render_console_list(view, {}).size(); });
    measure("list page, filtered", rounds, [&] {
        return report::render_console_list(view, {Severity::renew, std::nullopt}).size();
    });
    measure("certificate page (HTML)", rounds,
            [&] { return report::render_console_certificate(view, view.certificates.front()).size(); });
    measure("/api/certificates (JSON)", rounds,
            [&] { return report::render_console_certificates_json(view, {}).size(); });
    return 0;
}
