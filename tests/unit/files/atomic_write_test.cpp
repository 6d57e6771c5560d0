// write_file_atomically with the content made piece by piece (a report
// writer streaming into its --output file).

#include "certgate/adapters/files/atomic_write.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <new>
#include <string>

namespace certgate {
namespace {

TEST(AtomicWrite, PiecesGoToTheFileInOrder)
{
    testing::TempDir dir;
    const std::string path = dir.write("report.json", "old");
    const auto written = files::write_file_atomically(path, [](const files::ContentSink& sink) {
        for (int i = 0; i < 1000; ++i) {
            sink(std::to_string(i) + ",");
        }
        sink("end");
    });
    ASSERT_TRUE(written) << written.error().describe();
    std::string expected;
    for (int i = 0; i < 1000; ++i) {
        expected += std::to_string(i) + ",";
    }
    EXPECT_EQ(testing::TempDir::read(path), expected + "end");
}

TEST(AtomicWrite, AFolderThatCannotHoldTheFileLeavesNothingAndSaysSo)
{
    testing::TempDir dir;
    const std::string path = (dir.path() / "missing" / "report.json").string();
    int calls = 0;
    const auto written = files::write_file_atomically(path, [&calls](const files::ContentSink& sink) {
        ++calls;
        sink("x");
    });
    ASSERT_FALSE(written);
    EXPECT_EQ(calls, 0) << "nothing is produced when there is nowhere to put it";
    EXPECT_EQ(written.error().where, path);
    EXPECT_NE(written.error().message.find("cannot create a temporary file"), std::string::npos)
        << written.error().message;
}

TEST(AtomicWrite, ContentThatCannotBeMadeLeavesTheOldFileAndNoTemporaryOne)
{
    testing::TempDir dir;
    const std::string path = dir.write("report.json", "old");
    EXPECT_THROW(static_cast<void>(files::write_file_atomically(path,
                                                                [](const files::ContentSink& sink) {
                                                                    sink("half a report");
                                                                    throw std::bad_alloc();
                                                                })),
                 std::bad_alloc);
    EXPECT_EQ(testing::TempDir::read(path), "old");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    EXPECT_EQ(entries, 1U) << "a temporary file was left beside the report";
}

} // namespace
} // namespace certgate
