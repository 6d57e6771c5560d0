// write_file_atomically with the content made piece by piece (a report
// writer streaming into its --output file).

#include "certgate/adapters/files/atomic_write.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

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

} // namespace
} // namespace certgate
