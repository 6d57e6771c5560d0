// Every error message of the declarations file, through the parser
// (config::parse_declarations_file) and the mapper (declarations_from_file).
#include "certgate/app/declarations.hpp"

#include "support/certificates.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace certgate::app {
namespace {

using testing::TempDir;

const std::string k_id(64, 'a');

std::string certificates(const std::string& fields)
{
    return R"("certificates": [{"name": "web", "id": ")" + k_id + R"(", "not_after": "2027-01-01T00:00:00Z")" + fields +
           "}]";
}

// A document with one certificate whose entry adds `fields`.
std::string certificate(const std::string& fields)
{
    return "{" + certificates(fields) + "}";
}

// A document with one certificate and one recipient whose entry adds `fields`.
std::string recipient(const std::string& fields)
{
    return "{" + certificates("") + R"(, "recipients": [{"name": "ops")" + fields + "}]}";
}

// A document with one certificate and these notifications.
std::string notifications(const std::string& entries)
{
    return "{" + certificates("") + R"(, "notifications": )" + entries + "}";
}

struct Case {
    const char* what;
    std::string document;
    std::string message;
    ErrorCode code = ErrorCode::input;
};

class DeclarationsFileErrors : public ::testing::TestWithParam<Case> {};

TEST_P(DeclarationsFileErrors, SaysWhereAndWhatInOneMessage)
{
    const TempDir dir;
    dir.write("empty.pem", "");
    dir.write("not-a-certificate.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const Case& item = GetParam();
    auto parsed = parse_declarations_file(item.document, "d.json", dir.path().string());
    ASSERT_FALSE(parsed) << item.what;
    std::string message = parsed.error().describe();
    if (const auto base = message.find(dir.path().string()); base != std::string::npos) {
        message.replace(base, dir.path().string().size(), "DIR");
    }
    EXPECT_EQ(message, item.message) << item.what;
    EXPECT_EQ(parsed.error().code, item.code) << item.what;
}

INSTANTIATE_TEST_SUITE_P(
    EveryMessage, DeclarationsFileErrors,
    ::testing::Values(
        // The parser: syntax, limits, keys and types.
        Case{"json", "{\"certificates\": [}",
             "d.json: invalid JSON at line 1, column 19 (byte 18): unexpected '}'; expected '[', '{', or a literal; "
             "expected a declarations file (schemas/declarations.schema.json)"},
        Case{"depth", std::string(65, '[') + std::string(65, ']'), "d.json: JSON nested deeper than 64 levels",
             ErrorCode::limit},
        Case{"number", R"({"certificates": [{"policy": {"console_reminder_days": 1e999}}]})",
             "d.json: invalid JSON: a number is out of range; expected a declarations file "
             "(schemas/declarations.schema.json)"},
        Case{"root key", R"({"certificate": []})",
             "d.json: unknown key \"certificate\", expected one of: $schema, certificates, recipients, notifications",
             ErrorCode::usage},
        Case{"root object", "[]", "d.json: expected an object"},
        Case{"section", R"({"recipients": {}})", "d.json: /recipients: expected an array"},
        Case{"entry", R"({"certificates": ["web"]})", "d.json: /certificates/0: expected an object"},
        Case{"entry key", certificate(R"(, "not_afer": "x")"),
             "d.json: /certificates/0: unknown key \"not_afer\", expected one of: name, certificate_file, id, "
             "not_before, not_after, status, expiration_notification, policy",
             ErrorCode::usage},
        Case{"string", certificate(R"(, "status": 1)"), "d.json: /certificates/0/status: expected a string"},
        Case{"boolean", certificate(R"(, "expiration_notification": "yes")"),
             "d.json: /certificates/0/expiration_notification: expected true or false"},
        Case{"policy type", certificate(R"(, "policy": "strict")"),
             "d.json: /certificates/0/policy: expected an object of policy settings"},
        Case{"policy setting", certificate(R"(, "policy": {"colour": "red"})"),
             "d.json: /certificates/0/policy/colour: unknown policy setting", ErrorCode::usage},
        Case{"policy value", certificate(R"(, "policy": {"timezone": true})"),
             "d.json: /certificates/0/policy/timezone: expected a string, a number or an array of strings"},
        Case{"policy list item", certificate(R"(, "policy": {"milestones": ["1w", 3]})"),
             "d.json: /certificates/0/policy/milestones/1: expected a string"},
        Case{"list", recipient(R"(, "email": "ops@example.com", "channels": {"email": true})"),
             "d.json: /recipients/0/channels: expected an array of strings"},
        Case{"missing certificate", notifications(R"([{"enabled": true}])"),
             "d.json: /notifications/0: missing \"certificate\""},
        // The mapper: what the values mean.
        Case{"file and id", R"({"certificates": [{"certificate_file": "c.pem", "id": "x"}]})",
             "d.json: /certificates/0: give either certificate_file or id with not_after, not both", ErrorCode::usage},
        Case{"unreadable file", R"({"certificates": [{"certificate_file": "missing.pem"}]})",
             "d.json: /certificates/0/certificate_file: DIR/missing.pem: no such file or directory"},
        Case{"not a certificate", R"({"certificates": [{"certificate_file": "not-a-certificate.pem"}]})",
             "d.json: /certificates/0/certificate_file: DIR/not-a-certificate.pem: block 1: not a certificate, the "
             "CERTIFICATE block does not hold an X.509 certificate in DER"},
        Case{"empty file", R"({"certificates": [{"certificate_file": "empty.pem"}]})",
             "d.json: /certificates/0/certificate_file: DIR/empty.pem: empty input, expected PEM, DER or PKCS#12"},
        Case{"no id", R"({"certificates": [{"name": "web"}]})",
             "d.json: /certificates/0/id: missing; give certificate_file, or id (the SHA-256 fingerprint) with "
             "not_after"},
        Case{"bad id", R"({"certificates": [{"id": "ABC"}]})",
             "d.json: /certificates/0/id: expected a SHA-256 fingerprint (64 lowercase hex digits)"},
        Case{"no not_after", R"({"certificates": [{"id": ")" + k_id + R"("}]})",
             "d.json: /certificates/0/not_after: missing"},
        Case{"bad not_after", R"({"certificates": [{"id": ")" + k_id + R"(", "not_after": "2027"}]})",
             "d.json: /certificates/0/not_after: expected an RFC 3339 instant such as \"2027-01-01T00:00:00Z\""},
        Case{"bad not_before", certificate(R"(, "not_before": "soon")"),
             "d.json: /certificates/0/not_before: expected an RFC 3339 instant"},
        Case{"status", certificate(R"(, "status": "sold")"),
             "d.json: /certificates/0/status: invalid status \"sold\", expected one of: issued, hosting, uploaded"},
        Case{"email", recipient(R"(, "email": "not-an-address")"),
             "d.json: /recipients/0/email: invalid e-mail address: it must hold exactly one \"@\"; expected "
             "name@example.com"},
        Case{"mobile", recipient(R"(, "mobile": "12345")"),
             "d.json: /recipients/0/mobile: invalid mobile number: the country code is missing (start with \"+\"); "
             "expected E.164 with the country code, such as +86 138 0013 8000"},
        Case{"no contact", recipient(""),
             "d.json: /recipients/0: give email and/or mobile (E.164, such as +8613800138000)"},
        Case{"channel", recipient(R"(, "email": "ops@example.com", "channels": ["fax"])"),
             "d.json: /recipients/0/channels: unknown channel \"fax\", expected one of: email, sms"},
        Case{"email channel", recipient(R"(, "mobile": "+8613800138000", "channels": ["email"])"),
             "d.json: /recipients/0/channels: the email channel needs an email address"},
        Case{"sms channel", recipient(R"(, "email": "ops@example.com", "channels": ["sms"])"),
             "d.json: /recipients/0/channels: the sms channel needs a mobile number"},
        Case{"category", recipient(R"(, "email": "ops@example.com", "categories": ["news"])"),
             "d.json: /recipients/0/categories: unknown category \"news\", expected one of: certificate-expiration, "
             "certificate-expired"},
        Case{"unknown certificate", notifications(R"([{"certificate": "api"}])"),
             "d.json: /notifications/0/certificate: no declared certificate has the id or name \"api\""},
        Case{"unknown recipient", notifications(R"([{"certificate": "web", "recipients": ["ops"]}])"),
             "d.json: /notifications/0/recipients/0: no declared recipient has the id or name \"ops\""},
        Case{"twice", notifications(R"([{"certificate": "web"}, {"certificate": "web"}])"),
             "d.json: /notifications/1: certificate \"web\" has notification settings declared twice"},
        Case{"milestones", notifications(R"([{"certificate": "web", "milestones": "3x"}])"),
             "d.json: /notifications/0: milestones: invalid milestone \"3x\": expected a count and a unit such as 2mo, "
             "1w or 3d"},
        Case{"policy setting value", certificate(R"(, "policy": {"timezone": "Mars/Olympus"})"),
             "d.json: /certificates/0: timezone: unknown time zone \"Mars/Olympus\", expected UTC, an offset such as "
             "+08:00, or an IANA name such as Asia/Shanghai"}),
    [](const ::testing::TestParamInfo<Case>& param) {
        std::string name = param.param.what;
        for (char& c : name) {
            c = (c == ' ') ? '_' : c;
        }
        return name;
    });

} // namespace
} // namespace certgate::app
