// Every command takes the same policy flags (--config, --fail-on, --timezone,
// --holidays-file, --extra-working-days-file) from one option table and one
// policy assembly: each changes what check, status and notify report.
// The certificate is SPEC's worked example: notAfter 2026-12-11T12:00:00Z,
// now Monday 2026-11-30T09:00:00Z, renew by 2026-12-08, window from 2026-11-27.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace certgate {
namespace {

using testing::run_certgate;
using testing::TempDir;

constexpr const char* k_now = "2026-11-30T09:00:00Z";

class PolicyFlags : public ::testing::Test {
protected:
    PolicyFlags()
    {
        m_declarations = m_dir.write("declarations.json", R"({"certificates": [{"name": "web.example.com",
            "id": "3f9a1c0d5e7b2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d",
            "not_after": "2026-12-11T12:00:00Z", "status": "issued"}]})");
        // A holiday inside the window, and a Saturday worked.
        m_holidays = m_dir.write("holidays.txt", "2026-12-07\n");
        m_extra = m_dir.write("extra.txt", "2026-12-05\n");
        m_config = m_dir.write("policy.json", R"({"renewal_window_working_days": 5})");
    }

    // `certgate status` with `flags`: the block of the one certificate.
    [[nodiscard]] testing::ProcessResult status(std::vector<std::string> flags) const
    {
        std::vector<std::string> args{"status", "--declarations", m_declarations, "--now", k_now};
        args.insert(args.end(), flags.begin(), flags.end());
        return run_certgate(args);
    }

    TempDir m_dir;
    std::string m_declarations;
    std::string m_holidays;
    std::string m_extra;
    std::string m_config;
};

const std::string k_block = "renew  web.example.com  [issued]\n"
                            "  expires 2026-12-11 (11 days left; not after 2026-12-11T12:00:00Z)\n";

TEST_F(PolicyFlags, status_without_flags_shows_the_worked_example)
{
    const auto result = status({});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.out.starts_with("certificates as of 2026-11-30T09:00:00Z (UTC): 1\n\n" + k_block +
                                       "  renew by 2026-12-08; renewal window from 2026-11-27 (open)\n"))
        << result.out;
}

TEST_F(PolicyFlags, status_honours_the_holidays_file)
{
    // Without 2026-12-07, [11-26, 12-11) holds 10 working days: the window opens a day earlier.
    const auto result = status({"--holidays-file", m_holidays});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find(k_block + "  renew by 2026-12-08; renewal window from 2026-11-26 (open)\n"),
              std::string::npos)
        << result.out;
}

TEST_F(PolicyFlags, status_honours_the_extra_working_days_file)
{
    // Saturday 2026-12-05 worked: [11-28, 12-11) holds 10 working days (11-30 … 12-04, 12-05, 12-07 … 12-10).
    const auto result = status({"--extra-working-days-file", m_extra});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find(k_block + "  renew by 2026-12-08; renewal window from 2026-11-28 (open)\n"),
              std::string::npos)
        << result.out;
}

TEST_F(PolicyFlags, status_honours_the_config_and_the_timezone)
{
    const auto configured = status({"--config", m_config});
    EXPECT_EQ(configured.exit_code, 0) << configured.err;
    // A five-working-day window is not open yet: within the console reminder, a warning.
    EXPECT_NE(configured.out.find("warning  web.example.com  [issued]\n"), std::string::npos) << configured.out;

    const auto zoned = status({"--timezone", "Asia/Shanghai"});
    EXPECT_EQ(zoned.exit_code, 0) << zoned.err;
    EXPECT_TRUE(zoned.out.starts_with("certificates as of 2026-11-30T09:00:00Z (Asia/Shanghai): 1\n\n" + k_block))
        << zoned.out;
}

TEST_F(PolicyFlags, status_with_fail_on_exits_by_the_gate)
{
    const auto failing = status({"--fail-on", "renew"});
    EXPECT_EQ(failing.exit_code, 1) << failing.err;
    EXPECT_NE(failing.out.find(k_block), std::string::npos);
    const auto passing = status({"--fail-on", "critical"});
    EXPECT_EQ(passing.exit_code, 0) << passing.err;
    const auto bad = status({"--fail-on", "sometimes"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(bad.err.starts_with("certgate: error: --fail-on: ")) << bad.err;
}

TEST_F(PolicyFlags, every_command_names_the_flag_at_fault_alike)
{
    const std::string missing = (m_dir.path() / "missing.txt").string();
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"check", m_dir.write("empty-dir/x.pem", "")},
          std::vector<std::string>{"status", "--declarations", m_declarations},
          std::vector<std::string>{"notify", "--declarations", m_declarations, "--dry-run", "--store",
                                   (m_dir.path() / "store.db").string()},
          std::vector<std::string>{"recipients", "list", "--declarations", m_declarations, "--store",
                                   (m_dir.path() / "store.db").string()}}) {
        SCOPED_TRACE(command.front());
        for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
                 {"--timezone", "Mars/Olympus"}, {"--holidays-file", missing}, {"--fail-on", "ok-ish"}}) {
            std::vector<std::string> args = command;
            args.insert(args.end(), {"--now", k_now, flag, value});
            const auto result = run_certgate(args);
            EXPECT_EQ(result.exit_code, 2) << flag;
            EXPECT_TRUE(result.err.starts_with("certgate: error: " + flag + ": ")) << flag << ": " << result.err;
        }
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--now", k_now, "--config", missing});
        const auto result = run_certgate(args);
        EXPECT_EQ(result.exit_code, 2);
        EXPECT_TRUE(result.err.starts_with("certgate: error: " + missing + ": ")) << result.err;
    }
}

} // namespace
} // namespace certgate
