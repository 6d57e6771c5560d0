// certgate check --output: the report file is replaced atomically, and links
// planted next to it (at the old temporary name, or at the target) never
// redirect the write.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace certgate {
namespace {

using testing::run_certgate;
using testing::TempDir;

constexpr const char* k_now = "2026-11-30T09:00:00Z";
constexpr const char* k_victim_text = "precious\n";

testing::ProcessResult check_into(const std::string& output)
{
    return run_certgate({"check", testing::source_path("examples/certs/ok.pem"), "--now", k_now, "--format", "json",
                         "--output", output});
}

mode_t mode_of(const std::string& path)
{
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

// The next process ids, as a fork shows them: the run below is very likely
// to get one of them (ids are handed out in order).
pid_t next_pid()
{
    const pid_t child = ::fork();
    if (child == 0) {
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

// certgate used to write PATH.tmp.PID through whatever was there: a link
// planted at that name had its target overwritten with the report.
TEST(CheckOutputFile, LinksAtTheOldTemporaryNameAreNeverFollowed)
{
    TempDir dir;
    const std::string victim = dir.write("victim.txt", k_victim_text);
    const std::string output = (dir.path() / "report.json").string();
    const pid_t from = next_pid();
    for (pid_t pid = from + 1; pid < from + 3000; ++pid) {
        std::filesystem::create_symlink(victim, output + ".tmp." + std::to_string(pid));
    }
    const auto run = check_into(output);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    EXPECT_EQ(TempDir::read(victim), k_victim_text);
    EXPECT_FALSE(std::filesystem::is_symlink(output));
    EXPECT_TRUE(nlohmann::json::accept(TempDir::read(output)));
    EXPECT_EQ(mode_of(output), 0644U);
}

TEST(CheckOutputFile, ALinkAtTheTargetIsReplacedNotWrittenThrough)
{
    TempDir dir;
    const std::string victim = dir.write("victim.txt", k_victim_text);
    const std::string output = (dir.path() / "report.json").string();
    std::filesystem::create_symlink(victim, output);
    const auto run = check_into(output);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(TempDir::read(victim), k_victim_text);
    EXPECT_FALSE(std::filesystem::is_symlink(output));
    EXPECT_TRUE(nlohmann::json::accept(TempDir::read(output)));
}

TEST(CheckOutputFile, AnExistingFileKeepsItsModeAndNoTemporaryIsLeft)
{
    TempDir dir;
    const std::string output = dir.write("report.json", "old");
    ASSERT_EQ(::chmod(output.c_str(), 0600), 0);
    const auto run = check_into(output);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(nlohmann::json::accept(TempDir::read(output)));
    EXPECT_EQ(mode_of(output), 0600U);
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    EXPECT_EQ(entries, 1U);
}

TEST(CheckOutputFile, AMissingFolderIsAClearError)
{
    TempDir dir;
    const std::string output = (dir.path() / "no-such-folder" / "report.json").string();
    const auto run = check_into(output);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, "certgate: error: " + output +
                           ": cannot write the file: cannot create a temporary file in its folder: no such file or "
                           "directory\n");
}

} // namespace
} // namespace certgate
