#pragma once
// The console's test fleet: certificates generated at exact instants around
// a fixed --now, declared in a declarations file, served by a real
// `certgate serve` on a loopback port.

#include "support/certificates.hpp"
#include "support/process.hpp"
#include "support/serve_process.hpp"
#include "support/temp_dir.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace certgate::testing::console {

/// Tuesday; 2026-12-31 is 30 days later, 2027-01-01 31.
inline constexpr const char* k_now = "2026-12-01T09:00:00Z";

/// A name that would run script if it were not escaped.
inline constexpr const char* k_hostile_name = "<script>alert(1)</script>\"onmouseover=alert(2) x='";

struct DeclaredCertificate {
    std::string key; ///< the test's name for it
    std::string name;
    std::string status;
    std::string not_before;
    std::string not_after;
    std::string id; ///< filled when written
};

/// The certificates every console test starts from.
inline std::vector<DeclaredCertificate> fleet()
{
    return {
        {"issued30", "issued30.example.com", "issued", "2026-10-01T00:00:00Z", "2026-12-31T12:00:00Z", ""},
        {"issued31", "issued31.example.com", "issued", "2026-10-01T00:00:00Z", "2027-01-01T12:00:00Z", ""},
        {"uploaded30", "uploaded30.example.com", "uploaded", "2026-10-01T00:00:00Z", "2026-12-31T12:00:00Z", ""},
        {"hosting30", "hosting30.example.com", "hosting", "2026-10-01T00:00:00Z", "2026-12-31T12:00:00Z", ""},
        {"expired", "expired.example.com", "issued", "2026-08-20T00:00:00Z", "2026-11-20T00:00:00Z", ""},
        {"hostile", k_hostile_name, "uploaded", "2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z", ""},
    };
}

/// Writes PEM files and a declarations file for `certificates` into `dir`
/// (filling their ids) and returns the declarations file's path.
inline std::string write_declarations(const TempDir& dir, std::vector<DeclaredCertificate>& certificates)
{
    nlohmann::json document;
    document["certificates"] = nlohmann::json::array();
    long serial = 1;
    for (auto& certificate : certificates) {
        CertificateSpec spec;
        spec.common_name = certificate.key + ".example.com";
        spec.organization = "Console Test";
        spec.dns_names = {certificate.key + ".example.com", "www." + certificate.key + ".example.com"};
        spec.not_before = certificate.not_before;
        spec.not_after = certificate.not_after;
        spec.serial = serial++;
        const auto generated = make_certificate(spec);
        certificate.id = generated.fingerprint_sha256();
        dir.write(certificate.key + ".pem", generated.pem());
        document["certificates"].push_back({{"name", certificate.name},
                                            {"certificate_file", certificate.key + ".pem"},
                                            {"status", certificate.status}});
    }
    document["recipients"] = {
        {{"name", "Ops"}, {"email", "ops@example.com"}, {"mobile", "+8613800138000"}, {"channels", {"email", "sms"}}}};
    return dir.write("declarations.json", document.dump(2));
}

/// An HTTP client for the served console, with short timeouts.
inline std::unique_ptr<httplib::Client> client_for(const ServeProcess& server)
{
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(10, 0);
    return client;
}

/// One API response to check: the path template, the status and the body.
struct ApiResponse {
    std::string path;
    std::string status;
    std::string body;
};

/// Validates response bodies against schemas/console-openapi.json in one run
/// of the validator; "" when all are valid.
inline std::string openapi_errors(const std::vector<ApiResponse>& responses)
{
    TempDir dir;
    std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/tools/validate_openapi_response.py"),
                                  source_path("schemas/console-openapi.json")};
    int index = 0;
    for (const auto& response : responses) {
        argv.push_back(response.path);
        argv.push_back(response.status);
        argv.push_back(dir.write("response" + std::to_string(index++) + ".json", response.body));
    }
    const auto result = run_process(argv);
    return result.exit_code == 0 ? "" : "exit " + std::to_string(result.exit_code) + ": " + result.err;
}

} // namespace certgate::testing::console
