// Duration and count options are whole numbers within documented bounds:
// Boost read "-1" into an unsigned as 4294967295, so "--deadline -1" was an
// endless wait. And a reader that goes away must not kill the program with
// SIGPIPE.
#include "support/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX gives no header for it

namespace certgate {
namespace {

using testing::run_certgate;

TEST(BoundedOptions, NegativeZeroAndHugeDurationsAreUsageErrors)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"check", "--host", "localhost:1", "--deadline", "-1"},
         "check: the argument ('-1') for option '--deadline' is invalid: expected a whole number from 1 to 3600000"},
        {{"check", "--host", "localhost:1", "--connect-timeout", "0"},
         "check: the argument ('0') for option '--connect-timeout' is invalid: expected a whole number from 1 to "
         "3600000"},
        {{"check", "--host", "localhost:1", "--deadline", "3600001"},
         "check: the argument ('3600001') for option '--deadline' is invalid: expected a whole number from 1 to "
         "3600000"},
        {{"check", "--host", "localhost:1", "--deadline", "+5"},
         "check: the argument ('+5') for option '--deadline' is invalid: expected a whole number from 1 to 3600000"},
        {{"check", "--host", "localhost:1", "--concurrency", "-1"},
         "check: the argument ('-1') for option '--concurrency' is invalid: expected a whole number from 1 to 1024"},
        {{"notify", "--state", "x.json", "--smtp-timeout", "-1"},
         "notify: the argument ('-1') for option '--smtp-timeout' is invalid: expected a whole number from 1 to "
         "3600000"},
        {{"notify", "--state", "x.json", "--webhook-timeout", "0"},
         "notify: the argument ('0') for option '--webhook-timeout' is invalid: expected a whole number from 1 to "
         "3600000"},
        {{"notify", "--state", "x.json", "--store-timeout", "-1"},
         "notify: the argument ('-1') for option '--store-timeout' is invalid: expected a whole number from 0 to "
         "3600000"},
        {{"notify", "--state", "x.json", "--lease", "0"},
         "notify: the argument ('0') for option '--lease' is invalid: expected a whole number from 1 to 86400"},
        {{"notify", "--state", "x.json", "--code-lifetime", "-1"},
         "notify: the argument ('-1') for option '--code-lifetime' is invalid: expected a whole number from 1 to "
         "8760"},
    };
    for (const auto& [args, message] : cases) {
        const auto run = run_certgate(args);
        EXPECT_EQ(run.exit_code, 2) << message;
        EXPECT_EQ(run.err, "certgate: error: " + message + "\n");
        EXPECT_EQ(run.out, "");
    }
}

// "--jobs -1" was read as 4294967295 threads (clamped to the number of files
// only by luck); 0 stays "one per core".
TEST(BoundedOptions, JobsIsAWholeNumberFromZeroTo1024)
{
    for (const std::string value : {"-1", "1025", "4294967295", "2x"}) {
        const auto run = run_certgate({"check", "--jobs", value, "--host", "localhost:1"});
        EXPECT_EQ(run.exit_code, 2) << value;
        EXPECT_EQ(run.err, "certgate: error: check: the argument ('" + value +
                               "') for option '--jobs' is invalid: expected a whole number from 0 to 1024\n");
        EXPECT_EQ(run.out, "");
    }
    const std::string example = testing::source_path("examples/certs/ok.pem");
    for (const std::string value : {"0", "1", "1024"}) {
        const auto run = run_certgate({"check", example, "--jobs", value, "--now", "2026-11-30T09:00:00Z"});
        EXPECT_NE(run.exit_code, 2) << value << ": " << run.err;
        EXPECT_EQ(run.err, "") << value;
        EXPECT_NE(run.out.find("ok.pem"), std::string::npos) << value << ": " << run.out;
    }
}

// Runs PROGRAM ARGS with stdout a pipe whose reading end is already closed;
// returns the wait status.
int status_writing_into_a_closed_pipe(const std::vector<std::string>& argv)
{
    int pipe_ends[2];
    EXPECT_EQ(::pipe(pipe_ends), 0);
    ::close(pipe_ends[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> raw;
    for (const std::string& arg : argv) {
        raw.push_back(const_cast<char*>(arg.c_str()));
    }
    raw.push_back(nullptr);
    pid_t child = 0;
    EXPECT_EQ(posix_spawn(&child, raw[0], &actions, nullptr, raw.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_ends[1]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

TEST(BoundedOptions, AClosedStdoutIsNoSigpipeDeath)
{
    const int check = status_writing_into_a_closed_pipe({testing::certgate_program(), "check",
                                                         testing::source_path("examples/certs/ok.pem"), "--now",
                                                         "2026-11-30T09:00:00Z"});
    EXPECT_FALSE(WIFSIGNALED(check)) << "killed by signal " << WTERMSIG(check);
    EXPECT_TRUE(WIFEXITED(check));
    EXPECT_EQ(WEXITSTATUS(check), 0);
    const int help = status_writing_into_a_closed_pipe({testing::certgate_program(), "--help"});
    EXPECT_FALSE(WIFSIGNALED(help)) << "killed by signal " << WTERMSIG(help);
}

} // namespace
} // namespace certgate
