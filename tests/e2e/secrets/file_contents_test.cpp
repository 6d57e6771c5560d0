// A file named where certgate expects a holidays, policy, hosts or
// certificate file may be anything (/proc/self/environ, a credentials
// file): its errors name the file and the line (or field), never its bytes.
// Every reader is fed the same fake secret through both programs; each run
// must fail with the exact message (so the test fails when nothing ran).
#include "../external/terraform_client.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::run_certgate;
using testing::TempDir;

// Shaped like an AWS access key pair, as /proc/self/environ showed one.
const std::string k_secret = "AKIAZZZZFAKE7EXAMPLE";
const std::string k_secret_line = "AWS_SECRET_ACCESS_KEY=" + k_secret + "wJalrXUtnFEMIK7MDENGbPxRfiCY";

struct Case {
    std::string name;    ///< file name in the temporary folder
    std::string content; ///< holds k_secret
    std::vector<std::string> args;
    std::string message; ///< after "certgate: error: <dir>/"
};

TEST(FileContentsInErrors, CertgateCheckNamesFileAndLineNeverBytes)
{
    TempDir dir;
    const std::string ok = testing::source_path("examples/certs/ok.pem");
    const std::vector<Case> cases{
        {"holidays.txt",
         k_secret_line + "\n",
         {"--holidays-file"},
         "holidays.txt: line 1: invalid date, expected YYYY-MM-DD"},
        {"holidays2.txt",
         "2026-10-01\n" + k_secret + "\n",
         {"--holidays-file"},
         "holidays2.txt: line 2: invalid date, expected YYYY-MM-DD"},
        {"holidays.ics",
         "BEGIN:" + k_secret + "\n",
         {"--holidays-file"},
         "holidays.ics: line 1: invalid date, expected YYYY-MM-DD"},
        {"calendar.ics",
         "BEGIN:VCALENDAR\nBEGIN:" + k_secret + "\nEND:VCALENDAR\n",
         {"--holidays-file"},
         "calendar.ics: line 3: unexpected END line, expected the END line of the component opened before"},
        {"event.ics",
         "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:" + k_secret + "\nEND:VEVENT\nEND:VCALENDAR\n",
         {"--holidays-file"},
         "event.ics: line 3: DTSTART is not an all-day date; expected DTSTART;VALUE=DATE:YYYYMMDD"},
        {"policy.json",
         k_secret_line + "\n",
         {"--config"},
         "policy.json: invalid JSON at line 1, column 1 (byte 0): invalid literal"},
        {"policy2.json",
         "{\"holidays\": [\"" + k_secret + "\"]}",
         {"--config"},
         "policy2.json: /holidays/0: invalid date, expected YYYY-MM-DD"},
        {"policy3.json",
         "{\"weekend\": [\"" + k_secret + "\"]}",
         {"--config"},
         "policy3.json: /weekend/0: invalid weekday, expected one of: mon, tue, wed, thu, fri, sat, sun"},
        {"policy4.json",
         "{\"waivers\": [{\"fingerprint_sha256\": \"" + k_secret +
             "\", \"until\": \"2027-01-01\", \"reason\": \"x\"}]}",
         {"--config"},
         "policy4.json: /waivers/0/fingerprint_sha256: invalid fingerprint, expected 64 hexadecimal digits (SHA-256), "
         "colons allowed"},
        {"hosts.txt",
         k_secret_line + "\n",
         {"--hosts-file"},
         "hosts.txt:1: bad host name, expected a DNS name, an IPv4 address or an IPv6 address"},
    };
    for (const Case& item : cases) {
        const std::string path = dir.write(item.name, item.content);
        std::vector<std::string> args{"check", ok, "--now", "2026-11-30T09:00:00Z"};
        args.insert(args.end(), item.args.begin(), item.args.end());
        args.push_back(path);
        const auto run = run_certgate(args);
        EXPECT_EQ(run.exit_code, 2) << item.name;
        // The line may start with the flag ("--holidays-file: "); the file,
        // the line and the message follow.
        EXPECT_TRUE(run.err.starts_with("certgate: error: ")) << run.err;
        EXPECT_NE(run.err.find((dir.path() / "").string() + item.message + "\n"), std::string::npos)
            << item.name << ": " << run.err;
        EXPECT_EQ(run.err.find(k_secret), std::string::npos) << run.err;
        EXPECT_EQ(run.out.find(k_secret), std::string::npos) << run.out;
    }
}

TEST(FileContentsInErrors, CertgateExternalNamesFileAndLineNeverBytes)
{
    TempDir dir;
    dir.write("holidays.txt", k_secret_line + "\n");
    dir.write("policy.json", k_secret_line + "\n");
    dir.write("cert.pem", "-----BEGIN CERTIFICATE-----\n" + k_secret + "\n-----END CERTIFICATE-----\n");
    const std::string base = (dir.path() / "").string();
    const std::vector<std::pair<testing::terraform::Query, std::string>> cases{
        {{{"certificate_file", "cert.pem"}},
         "certificate_file: block 1: not a certificate, the CERTIFICATE block does not hold an X.509 "
         "certificate in DER"},
        {{{"certificate_file", "cert.pem"}, {"holidays_file", "holidays.txt"}},
         "holidays_file: " + base + "holidays.txt: line 1: invalid date, expected YYYY-MM-DD"},
        {{{"certificate_file", "cert.pem"}, {"policy_file", "policy.json"}},
         "policy_file: " + base + "policy.json: invalid JSON at line 1, column 1 (byte 0): invalid literal"},
    };
    for (const auto& [query, message] : cases) {
        const auto read = testing::terraform::read_external("certificate", query, dir.path().string());
        EXPECT_EQ(read.process.exit_code, 1);
        EXPECT_EQ(read.process.err, "certgate-external: certificate: " + message + "\n");
        EXPECT_EQ(read.process.err.find(k_secret), std::string::npos) << read.process.err;
        EXPECT_EQ(read.process.out, "");
    }
}

} // namespace
} // namespace certgate
