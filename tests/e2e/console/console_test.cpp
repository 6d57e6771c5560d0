// certgate serve end to end: a real server on loopback, real HTTP requests,
// certificates generated at exact instants around a fixed --now.

#include "console_fixture.hpp"
#include "support/exposition.hpp"
#include "support/finding_fields.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

namespace certgate::testing::console {
namespace {

class Console : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_certificates = fleet();
        m_declarations = write_declarations(m_dir, m_certificates);
        m_server =
            std::make_unique<ServeProcess>(std::vector<std::string>{"--declarations", m_declarations, "--now", k_now});
        m_client = client_for(*m_server);
    }

    void TearDown() override
    {
        if (m_server) {
            // Stopped by SIGTERM: a clean exit 0.
            EXPECT_EQ(m_server->stop(), 0) << m_server->err();
        }
    }

    const std::string& id(const std::string& key) const
    {
        for (const auto& certificate : m_certificates) {
            if (certificate.key == key) {
                return certificate.id;
            }
        }
        throw std::runtime_error("no certificate " + key);
    }

    std::string get(const std::string& path, int expected_status = 200)
    {
        auto response = m_client->Get(path);
        if (!response) {
            ADD_FAILURE() << "GET " << path << ": " << httplib::to_string(response.error());
            return {};
        }
        EXPECT_EQ(response->status, expected_status) << path << "\n" << response->body;
        return response->body;
    }

    // The ids of the certificates a page shows a reminder banner for.
    static std::set<std::string> banner_ids(const std::string& page)
    {
        std::set<std::string> ids;
        const std::string marker = "<p class=\"banner reminder\" data-certificate=\"";
        for (auto at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
            ids.insert(page.substr(at + marker.size(), 64));
        }
        return ids;
    }

    // The ids of the rows of the list page, in order.
    static std::vector<std::string> row_ids(const std::string& page)
    {
        std::vector<std::string> ids;
        const std::string marker = "\" data-certificate=\"";
        for (auto at = page.find("<tr class=\"row"); at != std::string::npos;
             at = page.find("<tr class=\"row", at + 1)) {
            const auto found = page.find(marker, at);
            ids.push_back(page.substr(found + marker.size(), 64));
        }
        return ids;
    }

    TempDir m_dir;
    std::vector<DeclaredCertificate> m_certificates;
    std::string m_declarations;
    std::unique_ptr<ServeProcess> m_server;
    std::unique_ptr<httplib::Client> m_client;
};

TEST_F(Console, ReminderBannerForIssuedAndHostedAtThirtyDaysOnly)
{
    const std::string page = get("/");
    // 30 days before expiry: issued and hosting yes; 31 days no; uploaded never.
    EXPECT_EQ(banner_ids(page), (std::set<std::string>{id("issued30"), id("hosting30")}));
    EXPECT_NE(page.find("issued30.example.com</a> expires in 30 days, on 2026-12-31 (within 30 days)"),
              std::string::npos)
        << page;
    const auto list = nlohmann::json::parse(get("/api/certificates"));
    std::map<std::string, bool> reminders;
    for (const auto& certificate : list["certificates"]) {
        reminders[certificate["id"].get<std::string>()] = certificate["console_reminder"].get<bool>();
    }
    EXPECT_TRUE(reminders.at(id("issued30")));
    EXPECT_TRUE(reminders.at(id("hosting30")));
    EXPECT_FALSE(reminders.at(id("issued31")));
    EXPECT_FALSE(reminders.at(id("uploaded30")));
    EXPECT_FALSE(reminders.at(id("expired")));
}

TEST_F(Console, ListIsWorstFirstWithTheFieldsOfEachCertificate)
{
    const std::string page = get("/");
    const auto rows = row_ids(page);
    ASSERT_EQ(rows.size(), 6U) << page;
    EXPECT_EQ(rows.front(), id("expired"));
    EXPECT_EQ(rows.back(), id("hostile"));
    // Severity in words next to its colour; subject and SANs; days and working days.
    EXPECT_NE(page.find("<span class=\"severity sev-expired\">expired</span>"), std::string::npos);
    EXPECT_NE(page.find("CN=issued30.example.com,O=Console Test<br><span class=\"sans\">DNS:issued30.example.com, "
                        "DNS:www.issued30.example.com</span>"),
              std::string::npos)
        << page;
    // 2026-12-01 (Tue) .. 2026-12-31: 30 days, 22 working days (Mon-Fri); renew by 2026-12-28.
    EXPECT_NE(page.find("<td>2026-12-31</td><td class=\"num\">30</td><td class=\"num\">22</td><td>2026-12-28</td>"
                        "<td>1w on 2026-12-24</td>"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("as of 2026-12-01T09:00:00Z (UTC)"), std::string::npos);
}

TEST_F(Console, ExpiredToggleIsLockedAndUploadedHasNone)
{
    const std::string expired = get("/certificates/" + id("expired"));
    EXPECT_NE(expired.find("<p class=\"toggle\" id=\"toggle\">Expiration notification: <strong>on</strong> <span "
                           "class=\"locked\" id=\"toggle-locked\">locked</span>"),
              std::string::npos)
        << expired;
    const std::string issued = get("/certificates/" + id("issued30"));
    EXPECT_NE(issued.find("id=\"toggle\""), std::string::npos);
    EXPECT_EQ(issued.find("toggle-locked"), std::string::npos);
    const std::string uploaded = get("/certificates/" + id("uploaded30"));
    EXPECT_EQ(uploaded.find("id=\"toggle\""), std::string::npos) << uploaded;
    EXPECT_NE(uploaded.find("No expiration-notification toggle: uploaded certificates are always notified."),
              std::string::npos);
    const auto detail = nlohmann::json::parse(get("/api/certificates/" + id("expired")));
    EXPECT_EQ(detail["certificate"]["toggle"], "on");
    EXPECT_EQ(detail["certificate"]["toggle_locked"], true);
    EXPECT_EQ(nlohmann::json::parse(get("/api/certificates/" + id("uploaded30")))["certificate"]["toggle"], nullptr);
}

TEST_F(Console, CertificatePageHasEveryReportFieldItsScheduleAndRecipients)
{
    const std::string page = get("/certificates/" + id("issued30"));
    for (const std::string_view field : testing::k_spec_finding_fields) {
        EXPECT_NE(page.find("<tr><th scope=\"row\">" + std::string(field) + "</th>"), std::string::npos) << field;
    }
    // Expiry 2026-12-31, default milestones: 1mo is 11-30 (clamped); the
    // certificate started 2026-10-01, so 2mo (10-31) applies.
    EXPECT_NE(page.find("<tr class=\"reached\"><td>1mo</td><td>2026-11-30</td><td>not known (no store)</td></tr>"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("<tr class=\"to-come\"><td>1w</td><td>2026-12-24</td><td>to come</td></tr>"),
              std::string::npos);
    EXPECT_NE(page.find("<li>Ops (rcpt-"), std::string::npos);
    get("/certificates/" + std::string(64, '0'), 404);
}

TEST_F(Console, FiltersBySeverityAndStatus)
{
    EXPECT_EQ(row_ids(get("/?severity=expired")), std::vector<std::string>{id("expired")});
    const auto uploaded = row_ids(get("/?status=uploaded"));
    EXPECT_EQ(std::set<std::string>(uploaded.begin(), uploaded.end()),
              (std::set<std::string>{id("uploaded30"), id("hostile")}));
    EXPECT_EQ(row_ids(get("/?status=issued&severity=expired")).size(), 0U);
    EXPECT_EQ(row_ids(get("/?status=expired")), std::vector<std::string>{id("expired")});
    // The form keeps what was chosen.
    EXPECT_NE(get("/?severity=warning").find("<option value=\"warning\" selected>"), std::string::npos);
    EXPECT_NE(get("/?severity=bogus", 400).find("unknown severity"), std::string::npos);
    const auto api = nlohmann::json::parse(get("/api/certificates?status=hosting"));
    ASSERT_EQ(api["certificates"].size(), 1U);
    EXPECT_EQ(api["certificates"][0]["id"], id("hosting30"));
    get("/api/certificates?status=bogus", 400);
}

TEST_F(Console, AUserNameIsTextNotMarkup)
{
    for (const std::string& path : {std::string("/"), "/certificates/" + id("hostile")}) {
        const std::string page = get(path);
        EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2) x=&#39;"),
                  std::string::npos)
            << page;
        EXPECT_EQ(page.find("<script"), std::string::npos) << path;
        EXPECT_EQ(page.find("\"onmouseover"), std::string::npos) << path;
    }
    const auto api = nlohmann::json::parse(get("/api/certificates/" + id("hostile")));
    EXPECT_EQ(api["certificate"]["name"], k_hostile_name);
}

TEST_F(Console, SecurityHeadersOnEveryResponseAndNothingMutates)
{
    for (const std::string& path : {std::string("/"), std::string("/api/certificates"), std::string("/console.css"),
                                    std::string("/metrics"), std::string("/healthz"), std::string("/nowhere")}) {
        auto response = m_client->Get(path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->get_header_value("Content-Security-Policy"), "default-src 'none'; style-src 'self'")
            << path;
        EXPECT_EQ(response->get_header_value("X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(response->get_header_value("Referrer-Policy"), "no-referrer") << path;
    }
    EXPECT_EQ(m_client->Get("/console.css")->get_header_value("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(m_client->Get("/nowhere")->status, 404);
    for (const auto& response : {m_client->Post("/", "x=1", "application/x-www-form-urlencoded"),
                                 m_client->Put("/api/certificates", "{}", "application/json"),
                                 m_client->Delete("/api/certificates/" + id("issued30")),
                                 m_client->Patch("/api/recipients", "{}", "application/json")}) {
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 405);
        EXPECT_EQ(response->get_header_value("Allow"), "GET, HEAD");
    }
    EXPECT_EQ(get("/healthz"), "ok\n");
    // The page loads nothing from elsewhere: its one stylesheet is the console's.
    const std::string page = get("/");
    EXPECT_NE(page.find("<link rel=\"stylesheet\" href=\"/console.css\">"), std::string::npos);
    EXPECT_EQ(page.find("http://"), std::string::npos);
    EXPECT_EQ(page.find("https://"), std::string::npos);
}

TEST_F(Console, ApiResponsesMatchTheOpenApiFile)
{
    std::vector<ApiResponse> responses{
        {"/api/certificates", "200", get("/api/certificates")},
        {"/api/certificates", "200", get("/api/certificates?severity=expired")},
        {"/api/certificates", "400", get("/api/certificates?severity=x", 400)},
        {"/api/certificates/{id}", "404", get("/api/certificates/abc", 404)},
        {"/api/recipients", "200", get("/api/recipients")},
    };
    for (const auto& certificate : m_certificates) {
        responses.push_back({"/api/certificates/{id}", "200", get("/api/certificates/" + certificate.id)});
    }
    EXPECT_EQ(openapi_errors(responses), "");
    // The validation can fail: a recipients answer is not a certificate list.
    EXPECT_NE(openapi_errors({{"/api/certificates", "200", responses[4].body}}), "");
    const auto listed = nlohmann::json::parse(responses[4].body);
    EXPECT_EQ(listed["recipients"][0]["email"], "o***@example.com");
    EXPECT_EQ(listed["recipients"][0]["mobile"], "+86 138****8000");
}

TEST_F(Console, RecipientsPageMasksContacts)
{
    const std::string page = get("/recipients");
    EXPECT_NE(page.find("<td>o***@example.com</td><td>+86 138****8000</td><td>email, sms</td>"), std::string::npos)
        << page;
    EXPECT_EQ(page.find("ops@example.com"), std::string::npos);
    EXPECT_EQ(page.find("13800138000"), std::string::npos);
    EXPECT_NE(page.find("No store was given"), std::string::npos);
}

TEST_F(Console, MetricsAreStrictExpositionFromTheReportWriter)
{
    auto response = m_client->Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const auto parsed = parse_exposition(response->body);
    ASSERT_EQ(parsed.error, "") << response->body;
    std::map<std::string, double> severity_of;
    for (const auto& sample : parsed.samples) {
        if (sample.name == "certgate_certificate_severity") {
            severity_of[sample.labels.at("fingerprint")] = sample.value;
        }
    }
    EXPECT_EQ(severity_of.at(id("expired")), 5);
    EXPECT_EQ(severity_of.at(id("issued30")), 2);
    EXPECT_EQ(severity_of.size(), 6U);
    // The families of `certgate check --format prometheus`, in its order.
    EXPECT_EQ(parsed.types.count("certgate_gate_passed"), 1U);
    EXPECT_EQ(parsed.types.count("certgate_check_timestamp_seconds"), 1U);
}

TEST_F(Console, ReReadsTheFileWhenItChangesAndKeepsTheLastGoodView)
{
    EXPECT_EQ(row_ids(get("/")).size(), 6U);
    const auto touch_later = [this](int seconds) {
        std::filesystem::last_write_time(m_declarations,
                                         std::filesystem::file_time_type::clock::now() + std::chrono::seconds(seconds));
    };
    // One certificate fewer: the page follows without a restart.
    auto fewer = m_certificates;
    fewer.pop_back();
    write_declarations(m_dir, fewer);
    touch_later(2);
    EXPECT_EQ(row_ids(get("/")).size(), 5U);
    // A broken rewrite: the last good view stays, with an error banner.
    m_dir.write("declarations.json", "{\"certificates\": [");
    touch_later(4);
    const std::string page = get("/");
    EXPECT_EQ(row_ids(page).size(), 5U);
    EXPECT_NE(page.find("<p class=\"banner error\" id=\"reload-error\" role=\"alert\">The last change of "),
              std::string::npos)
        << page;
    EXPECT_NE(nlohmann::json::parse(get("/api/certificates"))["reload_error"], nullptr);
    // Fixed again: the banner goes.
    write_declarations(m_dir, m_certificates);
    touch_later(6);
    EXPECT_EQ(row_ids(get("/")).size(), 6U);
    EXPECT_EQ(nlohmann::json::parse(get("/api/certificates"))["reload_error"], nullptr);
    EXPECT_NE(m_server->err().find("(serve keeps the last good view)"), std::string::npos);
}

TEST(ConsoleCommand, RefusesWhatItCannotServe)
{
    TempDir dir;
    auto certificates = fleet();
    const auto declarations = write_declarations(dir, certificates);
    const auto missing = run_certgate({"serve", "--declarations", (dir.path() / "none.json").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("certgate: error: "), std::string::npos) << missing.err;
    const auto stdin_input = run_certgate({"serve", "--state", "-"});
    EXPECT_EQ(stdin_input.exit_code, 2);
    EXPECT_NE(stdin_input.err.find("certgate: error: --state: serve re-reads its input when it changes: give a file, "
                                   "not stdin"),
              std::string::npos)
        << stdin_input.err;
    const auto bad_listen = run_certgate({"serve", "--declarations", declarations, "--listen", "nowhere"});
    EXPECT_EQ(bad_listen.exit_code, 2);
    EXPECT_NE(bad_listen.err.find("certgate: error: --listen: expected HOST:PORT such as 127.0.0.1:8080"),
              std::string::npos)
        << bad_listen.err;
    const auto neither = run_certgate({"serve"});
    EXPECT_EQ(neither.exit_code, 2);
}

TEST(ConsoleCommand, WarnsWhenNotLoopbackAndStopsOnSigint)
{
    TempDir dir;
    auto certificates = fleet();
    const auto declarations = write_declarations(dir, certificates);
    ServeProcess server({"--declarations", declarations, "--now", k_now}, "0.0.0.0:0");
    EXPECT_NE(server.err().find("certgate: warning: --listen: \"0.0.0.0\" is not a loopback address"),
              std::string::npos)
        << server.err();
    httplib::Client client("127.0.0.1", server.port());
    auto response = client.Get("/healthz");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    ::kill(server.pid(), SIGINT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server.err().find("stopped by SIGINT") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_NE(server.err().find("certgate: serve: stopped by SIGINT"), std::string::npos) << server.err();
    EXPECT_EQ(server.stop(), 0);
}

TEST(ConsoleCommand, NoWarningOnLoopback)
{
    TempDir dir;
    auto certificates = fleet();
    ServeProcess server({"--declarations", write_declarations(dir, certificates), "--now", k_now});
    EXPECT_EQ(server.err().find("warning"), std::string::npos) << server.err();
    EXPECT_EQ(server.stop(), 0);
}

} // namespace
} // namespace certgate::testing::console
