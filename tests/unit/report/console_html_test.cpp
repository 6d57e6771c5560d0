#include "certgate/report/console.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>

namespace certgate::report {
namespace {

ConsoleCertificate certificate(const std::string& id, const std::string& name, Severity severity,
                               CertificateStatus effective, bool reminder)
{
    ConsoleCertificate made;
    made.id = id;
    made.name = name;
    made.subject = "CN=" + name;
    made.sans = {"DNS:" + name};
    made.status = effective == CertificateStatus::expired ? CertificateStatus::issued : effective;
    made.effective = effective;
    made.evaluation.severity = severity;
    made.evaluation.today = testing::on("2026-12-01");
    made.evaluation.expiry_date = testing::on("2026-12-31");
    made.evaluation.days_remaining = 30;
    made.evaluation.renew_by = testing::on("2026-12-28");
    made.console_reminder = reminder;
    made.report = {{"severity", std::string(to_string(severity))}, {"subject", made.subject}, {"waived", false}};
    return made;
}

ConsoleView view()
{
    ConsoleView made;
    made.now = testing::at("2026-12-01T09:00:00Z");
    made.source = "state.json";
    made.certificates = {
        certificate(std::string(64, 'a'), "expired.example.com", Severity::expired, CertificateStatus::expired, false),
        certificate(std::string(64, 'b'), "<b>bold</b>", Severity::warning, CertificateStatus::issued, true),
        certificate(std::string(64, 'c'), "plain.example.com", Severity::ok, CertificateStatus::uploaded, false),
    };
    return made;
}

TEST(ConsoleHtml, BannerOnlyForCertificatesTheRuleMarks)
{
    const auto page = render_console_list(view(), {});
    EXPECT_NE(page.find("<p class=\"banner reminder\" data-certificate=\"" + std::string(64, 'b') + "\">"),
              std::string::npos);
    EXPECT_EQ(page.find("data-certificate=\"" + std::string(64, 'a') + "\"><strong>Reminder"), std::string::npos);
    EXPECT_EQ(page.find("data-certificate=\"" + std::string(64, 'c') + "\"><strong>Reminder"), std::string::npos);
    EXPECT_NE(page.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
    EXPECT_EQ(page.find("<b>"), std::string::npos);
}

TEST(ConsoleHtml, FiltersSelectRowsAndTheFormKeepsTheChoice)
{
    const auto page = render_console_list(view(), {Severity::expired, std::nullopt});
    EXPECT_NE(page.find("<h2 id=\"list\">1 of 3 certificates, worst first</h2>"), std::string::npos) << page;
    EXPECT_NE(page.find("<option value=\"expired\" selected>"), std::string::npos);
    EXPECT_TRUE(matches(view().certificates[2], {std::nullopt, CertificateStatus::uploaded}));
    EXPECT_FALSE(matches(view().certificates[2], {std::nullopt, CertificateStatus::issued}));
}

TEST(ConsoleHtml, OneH1AndNoScriptOnAnyPage)
{
    const auto made = view();
    for (const auto& page : {render_console_list(made, {}), render_console_certificate(made, made.certificates[1]),
                             render_console_recipients(made), render_console_error(made, 404, "<nope>")}) {
        EXPECT_EQ(page.find("<h1>"), page.rfind("<h1>"));
        EXPECT_NE(page.find("<h1>"), std::string::npos);
        EXPECT_EQ(page.find("<script"), std::string::npos);
    }
}

TEST(ConsoleHtml, ReloadErrorIsShownOnEveryPage)
{
    auto made = view();
    made.reload_error = "state.json: bad <json>";
    EXPECT_NE(render_console_recipients(made).find("role=\"alert\">state.json: bad &lt;json&gt;</p>"),
              std::string::npos);
}

} // namespace
} // namespace certgate::report
