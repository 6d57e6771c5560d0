// certgate-external waited forever on a FIFO named as certificate_file,
// policy_file or holidays_file (nothing ever writes to it). Only regular
// files are read now; a FIFO is refused at once. The process timeout only
// keeps a regression from hanging the suite; the assertions are on the
// answer.
#include "terraform_client.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

namespace certgate::testing {
namespace {

const std::string k_fifo_text = "is a FIFO (named pipe), expected a regular file";

ProcessResult run_external(const terraform::Query& query, const std::string& working_dir)
{
    ProcessOptions options;
    options.stdin_text = terraform::go_marshal(query);
    options.working_directory = working_dir;
    options.timeout = std::chrono::seconds(20);
    return run_process({external_program(), "certificate"}, options);
}

TEST(ExternalSpecialFiles, FifosAreRefusedNotWaitedOn)
{
    TempDir dir;
    const std::string fifo = (dir.path() / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::vector<std::pair<terraform::Query, std::string>> cases{
        {{{"certificate_file", "fifo"}}, "certificate_file: \"fifo\": " + k_fifo_text},
        {{{"certificate", "x"}, {"policy_file", "fifo"}},
         "policy_file: " + fifo + ": cannot read the policy file: " + k_fifo_text},
        {{{"certificate", "x"}, {"holidays_file", "fifo"}},
         "holidays_file: " + fifo + ": cannot read the date file: " + k_fifo_text},
    };
    for (const auto& [query, message] : cases) {
        const ProcessResult run = run_external(query, dir.path().string());
        EXPECT_FALSE(run.timed_out) << message;
        EXPECT_EQ(run.exit_code, 1);
        EXPECT_EQ(run.err, "certgate-external: certificate: " + message + "\n");
        EXPECT_EQ(run.out, "");
    }
}

TEST(ExternalSpecialFiles, CertgateCheckRefusesANamedFifoOrDevice)
{
    TempDir dir;
    const std::string fifo = (dir.path() / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    ProcessOptions options;
    options.timeout = std::chrono::seconds(20);
    const ProcessResult input = run_certgate({"check", fifo, "--now", "2026-11-30T09:00:00Z"}, options);
    EXPECT_FALSE(input.timed_out);
    EXPECT_EQ(input.exit_code, 2);
    EXPECT_EQ(input.err, "certgate: error: " + fifo + ": " + k_fifo_text + " or a directory\n");
    const ProcessResult config = run_certgate(
        {"check", source_path("examples/certs/ok.pem"), "--now", "2026-11-30T09:00:00Z", "--config", fifo}, options);
    EXPECT_FALSE(config.timed_out);
    EXPECT_EQ(config.exit_code, 2);
    EXPECT_EQ(config.err, "certgate: error: " + fifo + ": cannot read the policy file: " + k_fifo_text + "\n");
    const ProcessResult device = run_certgate({"check", "/dev/zero", "--now", "2026-11-30T09:00:00Z"}, options);
    EXPECT_EQ(device.exit_code, 2);
    EXPECT_EQ(device.err, "certgate: error: /dev/zero: is a device, expected a regular file or a directory\n");
}

} // namespace
} // namespace certgate::testing
