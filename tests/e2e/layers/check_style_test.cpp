// scripts/check-style.sh --changed REV on a small git repository of its own:
// clang-tidy sees a header only through a unit that includes it, so a change
// to a header alone must tidy the units of src/ that include it (the build's
// *.o.d files say which).
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace certgate {
namespace {

using testing::run_process;
using testing::source_path;
using testing::TempDir;

bool tool_available(const std::string& name)
{
    return run_process({"/bin/sh", "-c", "command -v " + name + " || command -v " + name + "-14"}).exit_code == 0;
}

class CheckStyle : public ::testing::Test {
protected:
    void SetUp() override
    {
        CERTGATE_REQUIRE_PEER(tool_available("clang-tidy") && tool_available("run-clang-tidy") &&
                                  tool_available("clang-format"),
                              "clang-tidy, run-clang-tidy and clang-format");
        namespace fs = std::filesystem;
        for (const char* part : {"scripts/check-style.sh", ".clang-tidy", ".clang-format"}) {
            fs::create_directories((m_repo.path() / part).parent_path());
            fs::copy(source_path(part), m_repo.path() / part);
        }
        const std::string root = m_repo.path().string();
        m_repo.write("include/certgate/demo.hpp", "#pragma once\n\ninline int demo(int value)\n{\n    return value + "
                                                  "1;\n}\n");
        m_repo.write("src/demo.cpp", "#include \"certgate/demo.hpp\"\n\nint twice(int value)\n{\n    return "
                                     "demo(value) * 2;\n}\n");
        m_repo.write("src/other.cpp", "int other()\n{\n    return 0;\n}\n");
        m_repo.write("build/compile_commands.json", "[{\"directory\": \"" + root + "/build\", \"file\": \"" + root +
                                                        "/src/demo.cpp\", \"command\": \"/usr/bin/c++ -std=c++20 -I" +
                                                        root + "/include -o CMakeFiles/demo.dir/src/demo.cpp.o -c " +
                                                        root + "/src/demo.cpp\"},\n {\"directory\": \"" + root +
                                                        "/build\", \"file\": \"" + root +
                                                        "/src/other.cpp\", \"command\": \"/usr/bin/c++ -std=c++20 -o "
                                                        "CMakeFiles/demo.dir/src/other.cpp.o -c " +
                                                        root + "/src/other.cpp\"}]\n");
        m_repo.write("build/CMakeFiles/demo.dir/src/demo.cpp.o.d",
                     "CMakeFiles/demo.dir/src/demo.cpp.o: ../src/demo.cpp /usr/include/stdc-predef.h \\\n"
                     " ../include/certgate/demo.hpp\n");
        m_repo.write("build/CMakeFiles/demo.dir/src/other.cpp.o.d",
                     "CMakeFiles/demo.dir/src/other.cpp.o: ../src/other.cpp /usr/include/stdc-predef.h\n");
        m_repo.write(".gitignore", "build/\n");
        git({"init", "-q"});
        git({"add", "."});
        git({"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start"});
    }

    void git(std::vector<std::string> args) const
    {
        args.insert(args.begin(), {"/usr/bin/git", "-C", m_repo.path().string()});
        const auto run = run_process(args);
        ASSERT_EQ(run.exit_code, 0) << run.err;
    }

    testing::ProcessResult check_style() const
    {
        testing::ProcessOptions options;
        options.working_directory = m_repo.path().string();
        return run_process(
            {"/bin/bash", (m_repo.path() / "scripts/check-style.sh").string(), "--changed", "HEAD", "build"}, options);
    }

    TempDir m_repo;
};

// Regression: before, a change to a header alone found "no translation unit
// of src/ to tidy" and passed.
TEST_F(CheckStyle, AChangedHeaderIsTidiedThroughTheUnitsThatIncludeIt)
{
    // Both branches the same: bugprone-branch-clone.
    m_repo.write("include/certgate/demo.hpp", "#pragma once\n\ninline int demo(int value)\n{\n    if (value > 0) {\n"
                                              "        return value + 1;\n    } else {\n        return value + 1;\n"
                                              "    }\n}\n");
    const auto run = check_style();
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    // (run-clang-tidy colours the line: look for its parts.)
    for (const std::string part :
         {"include/certgate/demo.hpp:5:5: ", "if with identical then and else branches", "[bugprone-branch-clone"}) {
        EXPECT_NE(run.err.find(part), std::string::npos) << part << "\n" << run.out << run.err;
    }
    EXPECT_NE(run.err.find("check-style: clang-tidy found the problems above"), std::string::npos) << run.err;
}

TEST_F(CheckStyle, AChangedHeaderThatIsCleanTidiesOnlyItsIncluders)
{
    m_repo.write("include/certgate/demo.hpp",
                 "#pragma once\n\n// Plus one.\ninline int demo(int value)\n{\n    return value + 1;\n}\n");
    const auto run = check_style();
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("check-style: clang-format and clang-tidy are clean (1 translation units)\n"),
              std::string::npos)
        << run.out << run.err;
    // Nothing changed: nothing to tidy.
    git({"checkout", "-q", "--", "include/certgate/demo.hpp"});
    const auto unchanged = check_style();
    EXPECT_EQ(unchanged.exit_code, 0) << unchanged.out << unchanged.err;
    EXPECT_NE(unchanged.out.find("check-style: no translation unit of src/ to tidy\n"), std::string::npos)
        << unchanged.out;
}

} // namespace
} // namespace certgate
