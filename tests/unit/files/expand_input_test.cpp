// expand_input: files, directories, symbolic links and loops.

#include "certgate/adapters/files/input_files.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace certgate::files {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string error_of(const Result<std::vector<std::string>>& result)
{
    EXPECT_FALSE(result.has_value());
    return result.has_value() ? std::string("(no error)") : result.error().describe();
}

TEST(ExpandInput, FileIsItselfAndStdinStays)
{
    const TempDir dir;
    const std::string file = dir.write("a.pem", "x");
    auto files = expand_input(file);
    ASSERT_TRUE(files);
    EXPECT_EQ(*files, std::vector<std::string>{file});
    auto stdin_input = expand_input("-");
    ASSERT_TRUE(stdin_input);
    EXPECT_EQ(*stdin_input, std::vector<std::string>{"-"});
}

TEST(ExpandInput, NamedDocumentsAndHiddenFilesAreStillInputs)
{
    const TempDir dir;
    for (const char* name : {"README.md", ".hidden.pem"}) {
        const std::string file = dir.write(name, "x");
        auto files = expand_input(file);
        ASSERT_TRUE(files);
        EXPECT_EQ(*files, std::vector<std::string>{file});
    }
}

TEST(ExpandInput, MissingPath)
{
    const TempDir dir;
    const std::string missing = (dir.path() / "nope.pem").string();
    EXPECT_EQ(error_of(expand_input(missing)), missing + ": no such file or directory");
}

TEST(ExpandInput, EmptyDirectory)
{
    const TempDir dir;
    fs::create_directories(dir.path() / "empty" / "nested");
    const std::string empty = (dir.path() / "empty").string();
    EXPECT_EQ(error_of(expand_input(empty)), empty + ": no certificate files found in directory");
}

TEST(ExpandInput, DirectoryIsSearchedRecursivelyAndSorted)
{
    const TempDir dir;
    const auto root = dir.path() / "certs";
    dir.write("certs/b.pem", "b");
    dir.write("certs/a/z.der", "z");
    dir.write("certs/a/c.pem", "c");
    dir.write("certs/A.crt", "A");
    dir.write("certs/.hidden/skip.pem", "hidden");
    dir.write("certs/.skip.pem", "hidden");
    dir.write("certs/README.md", "# docs");
    dir.write("certs/a/README", "docs");
    dir.write("certs/LICENSE.txt", "license");
    dir.write("certs/notes.markdown", "notes");
    auto files = expand_input(root.string());
    ASSERT_TRUE(files) << files.error().describe();
    EXPECT_EQ(*files, (std::vector<std::string>{(root / "A.crt").string(), (root / "a" / "c.pem").string(),
                                                (root / "a" / "z.der").string(), (root / "b.pem").string()}));
}

TEST(ExpandInput, SymbolicLinkLoopTerminates)
{
    const TempDir dir;
    const auto root = dir.path() / "certs";
    dir.write("certs/a.pem", "a");
    fs::create_directories(root / "sub");
    fs::create_directory_symlink(root, root / "sub" / "loop");   // back to the top
    fs::create_directory_symlink(root / "sub", root / "sub2");   // the same directory twice
    fs::create_symlink(root / "missing.pem", root / "dangling"); // skipped
    auto files = expand_input(root.string());
    ASSERT_TRUE(files) << files.error().describe();
    EXPECT_EQ(*files, std::vector<std::string>{(root / "a.pem").string()});
}

TEST(ExpandInput, SymbolicLinksAreFollowed)
{
    const TempDir dir;
    dir.write("elsewhere/x.pem", "x");
    dir.write("certs/a.pem", "a");
    fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "certs" / "linked");
    fs::create_symlink(dir.path() / "elsewhere" / "x.pem", dir.path() / "certs" / "y.pem");
    auto files = expand_input((dir.path() / "certs").string());
    ASSERT_TRUE(files) << files.error().describe();
    EXPECT_EQ(*files, (std::vector<std::string>{(dir.path() / "certs" / "a.pem").string(),
                                                (dir.path() / "certs" / "linked" / "x.pem").string(),
                                                (dir.path() / "certs" / "y.pem").string()}));
}

TEST(ExpandInput, TooManyFiles)
{
    const TempDir dir;
    for (const char* name : {"a", "b", "c"}) {
        dir.write(std::string("certs/") + name + ".pem", "x");
    }
    InputLimits limits;
    limits.max_files = 2;
    const std::string root = (dir.path() / "certs").string();
    auto result = expand_input(root, limits);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::limit);
    EXPECT_EQ(result.error().describe(),
              root + ": more than 2 files under the directory, over the limit of files per input");
}

} // namespace
} // namespace certgate::files
