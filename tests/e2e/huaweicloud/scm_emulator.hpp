#pragma once
// A local HTTPS emulator of the Huawei Cloud Certificate Manager API for the
// tests: it listens on 127.0.0.1 only, with a certificate generated at start,
// verifies the AK/SK signature, the signed headers and the clock skew of
// every request, serves paged lists and records toggle calls. Faults
// (errors, repeated pages, slow answers) are injected per test.

#include "certgate/adapters/huaweicloud/signer.hpp"
#include "certgate/core/time.hpp"
#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace certgate::testing {

/// One certificate the emulated account holds.
struct EmulatedCertificate {
    std::string id;
    std::string status = "ISSUED";
    std::string not_before;  ///< show's not_before, any format the test wants
    std::string not_after;   ///< show's not_after
    std::string expire_time; ///< list's expire_time
    std::string domain = "www.example.com";
    std::string name = "cert";
};

/// A toggle call the emulator accepted.
struct RecordedToggle {
    std::string resource_id;
    bool enabled = false;
    std::vector<std::string> notice_types;
};

/// A canned answer served instead of the real one.
struct InjectedFault {
    std::string path_prefix; ///< matches requests whose path starts with this
    int status = 500;
    std::string body;
    std::string retry_after;
};

class ScmEmulator {
public:
    std::string access_key = "TESTACCESSKEY";
    std::string secret_key = "TESTSECRETKEY0123456789";
    std::optional<std::string> security_token;

    ScmEmulator()
    {
        const Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        CertificateSpec spec;
        spec.common_name = "127.0.0.1";
        spec.ip_addresses = {"127.0.0.1"};
        spec.not_before = format_rfc3339(now - std::chrono::hours{1});
        spec.not_after = format_rfc3339(now + std::chrono::hours{24});
        const TestCertificate certificate = make_certificate(spec);
        m_ca_file = m_directory.write("server.pem", certificate.pem());
        const std::string key_file = m_directory.write("server.key", certificate.private_key_pem());
        m_server = std::make_unique<httplib::SSLServer>(m_ca_file.c_str(), key_file.c_str());
        if (!m_server->is_valid()) {
            throw std::runtime_error("emulator: cannot load its certificate");
        }
        m_server->set_tcp_nodelay(true);
        m_server->set_keep_alive_max_count(1000);
        install_handlers();
        m_port = m_server->bind_to_any_port("127.0.0.1");
        if (m_port <= 0) {
            throw std::runtime_error("emulator: cannot bind 127.0.0.1");
        }
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        while (!m_server->is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
        }
    }

    ~ScmEmulator()
    {
        m_server->stop();
        m_thread.join();
    }

    ScmEmulator(const ScmEmulator&) = delete;
    ScmEmulator& operator=(const ScmEmulator&) = delete;

    [[nodiscard]] std::string endpoint() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    [[nodiscard]] int port() const { return m_port; }
    /// The server's self-signed certificate: the CA file a client must trust.
    [[nodiscard]] const std::string& ca_file() const { return m_ca_file; }

    void set_certificates(std::vector<EmulatedCertificate> certificates)
    {
        const std::lock_guard lock(m_mutex);
        m_certificates = std::move(certificates);
    }
    /// Every list page answers with the first page, whatever the offset.
    void repeat_pages(bool on)
    {
        const std::lock_guard lock(m_mutex);
        m_repeat_pages = on;
    }
    /// Answers the next matching request with `fault` (queued in order).
    void inject(InjectedFault fault)
    {
        const std::lock_guard lock(m_mutex);
        m_faults.push_back(std::move(fault));
    }
    /// Every matching request fails with `fault` (not consumed).
    void always_fail(InjectedFault fault)
    {
        const std::lock_guard lock(m_mutex);
        m_always = std::move(fault);
    }
    /// Delays every answer.
    void delay(std::chrono::milliseconds duration)
    {
        const std::lock_guard lock(m_mutex);
        m_delay = duration;
    }
    /// Shifts the emulator's clock (to provoke a skew).
    void shift_clock(std::chrono::seconds shift)
    {
        const std::lock_guard lock(m_mutex);
        m_clock_shift = shift;
    }

    [[nodiscard]] std::vector<RecordedToggle> toggles() const
    {
        const std::lock_guard lock(m_mutex);
        return m_toggles;
    }
    /// Requests whose signature was refused, with the reason.
    [[nodiscard]] std::vector<std::string> rejections() const
    {
        const std::lock_guard lock(m_mutex);
        return m_rejections;
    }
    /// "METHOD target" of every request received, in order.
    [[nodiscard]] std::vector<std::string> requests() const
    {
        const std::lock_guard lock(m_mutex);
        return m_requests;
    }
    /// The X-Sdk-Date/Authorization/X-Security-Token header lines seen, for
    /// checking that nothing else carries secrets.
    [[nodiscard]] std::vector<std::string> authorizations() const
    {
        const std::lock_guard lock(m_mutex);
        return m_authorizations;
    }

private:
    static std::string error_body(const std::string& code, const std::string& message)
    {
        return nlohmann::json{{"error_code", code}, {"error_msg", message}}.dump();
    }

    std::string next_request_id() { return "req-" + std::to_string(++m_request_counter); }

    // Verifies the Authorization header; returns the refusal reason or "".
    std::string check_signature(const httplib::Request& request)
    {
        const std::string authorization = request.get_header_value("Authorization");
        m_authorizations.push_back(authorization);
        // "SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<64 hex>" (no std::regex: GCC 12
        // warns inside <regex> under the sanitizers).
        const std::string access_prefix = "SDK-HMAC-SHA256 Access=";
        const std::size_t headers_at = authorization.find(", SignedHeaders=");
        const std::size_t signature_at = authorization.find(", Signature=");
        if (authorization.rfind(access_prefix, 0) != 0 || headers_at == std::string::npos ||
            signature_at == std::string::npos || signature_at < headers_at) {
            return "APIGW.0301 bad Authorization shape";
        }
        const std::string access = authorization.substr(access_prefix.size(), headers_at - access_prefix.size());
        const std::string signed_list = authorization.substr(headers_at + 16, signature_at - headers_at - 16);
        const std::string signature = authorization.substr(signature_at + 12);
        const auto all_of = [](const std::string& text, const char* allowed) {
            return !text.empty() && text.find_first_not_of(allowed) == std::string::npos;
        };
        if (access.empty() || access.find(',') != std::string::npos ||
            !all_of(signed_list, "abcdefghijklmnopqrstuvwxyz0123456789;-") || signature.size() != 64 ||
            !all_of(signature, "0123456789abcdef")) {
            return "APIGW.0301 bad Authorization shape";
        }
        if (access != access_key) {
            return "APIGW.0301 unknown access key";
        }
        std::vector<std::string> names;
        for (std::size_t start = 0; start <= signed_list.size();) {
            const std::size_t end = std::min(signed_list.find(';', start), signed_list.size());
            names.push_back(signed_list.substr(start, end - start));
            start = end + 1;
        }
        const auto has = [&](const std::string& name) {
            return std::find(names.begin(), names.end(), name) != names.end();
        };
        if (!has("x-sdk-date") || !has("host")) {
            return "APIGW.0301 host and x-sdk-date must be signed";
        }
        if (security_token) {
            if (!has("x-security-token") || request.get_header_value("X-Security-Token") != *security_token) {
                return "APIGW.0301 security token missing, unsigned or wrong";
            }
        }
        auto date = huaweicloud::parse_sdk_date(request.get_header_value("X-Sdk-Date"));
        if (!date) {
            return "APIGW.0301 bad X-Sdk-Date";
        }
        const Instant now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + m_clock_shift;
        if (*date > now + std::chrono::minutes{15} || *date < now - std::chrono::minutes{15}) {
            return "APIGW.0303 clock skew";
        }
        huaweicloud::SigningInput input;
        input.method = request.method;
        input.path = request.path;
        for (const auto& [key, value] : request.params) {
            input.query.emplace_back(key, value);
        }
        for (const std::string& name : names) {
            if (!request.has_header(name)) {
                return "APIGW.0301 signed header " + name + " is missing";
            }
            input.headers.emplace_back(name, request.get_header_value(name));
        }
        input.body = request.body;
        auto expected = huaweicloud::sign(input, access_key, secret_key);
        if (!expected || expected->signature != signature) {
            return "APIGW.0301 signature mismatch";
        }
        return "";
    }

    // Common checks; true when the request may proceed.
    bool admit(const httplib::Request& request, httplib::Response& response)
    {
        std::chrono::milliseconds delay{0};
        {
            const std::lock_guard lock(m_mutex);
            delay = m_delay;
        }
        if (delay.count() > 0) {
            std::this_thread::sleep_for(delay);
        }
        const std::lock_guard lock(m_mutex);
        std::string target = request.path;
        m_requests.push_back(request.method + " " + target);
        response.set_header("X-Request-Id", next_request_id());
        const std::string refusal = check_signature(request);
        if (!refusal.empty()) {
            m_rejections.push_back(refusal);
            const bool skew = refusal.rfind("APIGW.0303", 0) == 0;
            response.status = 401;
            response.set_content(error_body(skew ? "APIGW.0303" : "APIGW.0301",
                                            skew ? "Incorrect app authentication information: request expired"
                                                 : "Incorrect IAM authentication information: verify aksk "
                                                   "signature fail"),
                                 "application/json");
            return false;
        }
        const auto serve_fault = [&](const InjectedFault& fault) {
            response.status = fault.status;
            if (!fault.retry_after.empty()) {
                response.set_header("Retry-After", fault.retry_after);
            }
            response.set_content(fault.body, "application/json");
        };
        if (m_always && request.path.rfind(m_always->path_prefix, 0) == 0) {
            serve_fault(*m_always);
            return false;
        }
        for (auto fault = m_faults.begin(); fault != m_faults.end(); ++fault) {
            if (request.path.rfind(fault->path_prefix, 0) == 0) {
                serve_fault(*fault);
                m_faults.erase(fault);
                return false;
            }
        }
        return true;
    }

    void install_handlers()
    {
        m_server->Get("/v3/scm/certificates", [this](const httplib::Request& request, httplib::Response& response) {
            if (!admit(request, response)) {
                return;
            }
            const std::lock_guard lock(m_mutex);
            const int limit =
                std::stoi(request.get_param_value("limit").empty() ? "10" : request.get_param_value("limit"));
            const std::size_t offset =
                std::stoul(request.get_param_value("offset").empty() ? "0" : request.get_param_value("offset"));
            if (limit != 10 && limit != 20 && limit != 50) {
                response.status = 400;
                response.set_content(error_body("SCM.0005", "Invalid parameter: limit"), "application/json");
                return;
            }
            nlohmann::json items = nlohmann::json::array();
            const std::size_t start = m_repeat_pages ? 0 : offset;
            for (std::size_t i = start; i < m_certificates.size() && i < start + static_cast<std::size_t>(limit); ++i) {
                const EmulatedCertificate& certificate = m_certificates[i];
                items.push_back({{"id", certificate.id},
                                 {"name", certificate.name},
                                 {"domain", certificate.domain},
                                 {"sans", certificate.domain},
                                 {"signature_algorithm", "SHA256WITHRSA"},
                                 {"deploy_support", true},
                                 {"type", "DV_SSL_CERT"},
                                 {"brand", "GLOBALSIGN"},
                                 {"expire_time", certificate.expire_time},
                                 {"domain_type", "SINGLE_DOMAIN"},
                                 {"validity_period", 12},
                                 {"status", certificate.status},
                                 {"domain_count", 1},
                                 {"wildcard_count", 0},
                                 {"description", nullptr},
                                 {"enterprise_project_id", "0"}});
            }
            response.set_content(nlohmann::json{{"certificates", items}, {"total_count", m_certificates.size()}}.dump(),
                                 "application/json");
        });
        m_server->Get(R"(/v3/scm/certificates/([A-Za-z0-9_-]+))",
                      [this](const httplib::Request& request, httplib::Response& response) {
                          if (!admit(request, response)) {
                              return;
                          }
                          const std::lock_guard lock(m_mutex);
                          const std::string id = request.matches[1];
                          for (const EmulatedCertificate& certificate : m_certificates) {
                              if (certificate.id == id) {
                                  const auto text = [](const std::string& value) {
                                      return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
                                  };
                                  response.set_content(nlohmann::json{{"id", certificate.id},
                                                                      {"status", certificate.status},
                                                                      {"order_id", "CS0000"},
                                                                      {"name", certificate.name},
                                                                      {"type", "DV_SSL_CERT"},
                                                                      {"brand", "GLOBALSIGN"},
                                                                      {"push_support", "OFF"},
                                                                      {"signature_algorithm", "SHA256WITHRSA"},
                                                                      {"issue_time", text(certificate.not_before)},
                                                                      {"not_before", text(certificate.not_before)},
                                                                      {"not_after", text(certificate.not_after)},
                                                                      {"domain", certificate.domain},
                                                                      {"sans", certificate.domain},
                                                                      {"fingerprint", "0123abcd"}}
                                                           .dump(),
                                                       "application/json");
                                  return;
                              }
                          }
                          response.status = 400;
                          response.set_content(error_body("SCM.0008", "Invalid certificate ID"), "application/json");
                      });
        const auto toggle = [this](bool enabled) {
            return [this, enabled](const httplib::Request& request, httplib::Response& response) {
                if (!admit(request, response)) {
                    return;
                }
                const std::lock_guard lock(m_mutex);
                nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
                if (!body.is_array() || body.empty()) {
                    response.status = 400;
                    response.set_content(error_body("SCM.0005", "Invalid parameter: body"), "application/json");
                    return;
                }
                std::vector<RecordedToggle> accepted;
                for (const auto& item : body) {
                    if (!item.is_object() || !item.contains("resource_id") || !item["resource_id"].is_string() ||
                        !item.contains("notice_type") || !item["notice_type"].is_array()) {
                        response.status = 400;
                        response.set_content(error_body("SCM.0005", "Invalid parameter: body"), "application/json");
                        return;
                    }
                    const std::string id = item["resource_id"].get<std::string>();
                    const auto found = std::find_if(m_certificates.begin(), m_certificates.end(),
                                                    [&](const EmulatedCertificate& c) { return c.id == id; });
                    if (found == m_certificates.end()) {
                        response.status = 400;
                        response.set_content(error_body("SCM.0008", "Invalid certificate ID"), "application/json");
                        return;
                    }
                    if (found->status == "EXPIRED") {
                        response.status = 400;
                        response.set_content(error_body("SCM.0010", "Operation not allowed in this status"),
                                             "application/json");
                        return;
                    }
                    accepted.push_back({id, enabled, item["notice_type"].get<std::vector<std::string>>()});
                }
                m_toggles.insert(m_toggles.end(), accepted.begin(), accepted.end());
                response.status = 200;
                response.set_content("{}", "application/json");
            };
        };
        m_server->Post("/v3/scm/notification/enable", toggle(true));
        m_server->Post("/v3/scm/notification/disable", toggle(false));
    }

    TempDir m_directory;
    std::string m_ca_file;
    std::unique_ptr<httplib::SSLServer> m_server;
    std::thread m_thread;
    int m_port = 0;

    mutable std::mutex m_mutex;
    std::vector<EmulatedCertificate> m_certificates;
    bool m_repeat_pages = false;
    std::deque<InjectedFault> m_faults;
    std::optional<InjectedFault> m_always;
    std::chrono::milliseconds m_delay{0};
    std::chrono::seconds m_clock_shift{0};
    std::vector<RecordedToggle> m_toggles;
    std::vector<std::string> m_rejections;
    std::vector<std::string> m_requests;
    std::vector<std::string> m_authorizations;
    int m_request_counter = 0;
};

/// `count` certificates "scs0000000000001"… expiring a day apart from `first_expiry`.
inline std::vector<EmulatedCertificate> numbered_certificates(int count, Instant first_expiry)
{
    std::vector<EmulatedCertificate> certificates;
    for (int i = 1; i <= count; ++i) {
        std::string digits = std::to_string(i);
        EmulatedCertificate certificate;
        certificate.id = "scs" + std::string(13 - digits.size(), '0') + digits;
        const Instant expiry = first_expiry + std::chrono::days{i - 1};
        certificate.not_before = format_rfc3339(expiry - std::chrono::days{365});
        certificate.not_after = format_rfc3339(expiry);
        std::string list_time = format_rfc3339(expiry);
        list_time[10] = ' ';
        certificate.expire_time = list_time.substr(0, 19) + ".0";
        certificate.domain = "host" + digits + ".example.com";
        certificate.name = "cert-" + digits;
        certificates.push_back(certificate);
    }
    return certificates;
}

} // namespace certgate::testing
