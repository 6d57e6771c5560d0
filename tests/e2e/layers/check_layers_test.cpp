// scripts/check-layers.py, which scripts/test.sh runs before the build: the
// tree as it is passes, and each kind of wrong include planted in a copy of
// the tree fails it with a line naming the file, the header and the rule.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace certgate {
namespace {

using testing::source_path;
using testing::TempDir;

testing::ProcessResult check_layers(const std::filesystem::path& root)
{
    return testing::run_process({"/usr/bin/python3", source_path("scripts/check-layers.py"), "--root", root.string()});
}

// A copy of what the script reads: CMakeLists.txt, src/, include/ and the
// list of tolerated includes.
class CheckLayers : public ::testing::Test {
protected:
    void SetUp() override
    {
        namespace fs = std::filesystem;
        for (const char* part : {"CMakeLists.txt", "src", "include", "scripts/check-layers.known"}) {
            const fs::path target = m_tree.path() / part;
            fs::create_directories(target.parent_path());
            fs::copy(source_path(part), target, fs::copy_options::recursive);
        }
    }

    // Adds `line` at the top of `file` in the copy.
    void plant(const std::string& file, const std::string& line) const
    {
        m_tree.write(file, line + "\n" + TempDir::read(m_tree.path() / file));
    }

    TempDir m_tree;
};

TEST_F(CheckLayers, the_tree_as_it_is_passes)
{
    const auto result = check_layers(testing::source_path());
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_EQ(result.out, "");
}

TEST_F(CheckLayers, the_copy_passes_before_anything_is_planted)
{
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckLayers, core_including_app_fails)
{
    plant("src/core/severity.cpp", "#include \"certgate/app/check.hpp\"");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "check-layers: error: src/core/severity.cpp:1: certgate_core includes "
                          "\"certgate/app/check.hpp\" of certgate_app, expected only: certgate_core\n");
}

TEST_F(CheckLayers, an_adapter_including_an_adapter_it_does_not_depend_on_fails)
{
    plant("src/adapters/store/store.cpp", "#include \"certgate/adapters/x509/certificate_reader.hpp\"");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "check-layers: error: src/adapters/store/store.cpp:1: certgate_store includes "
                          "\"certgate/adapters/x509/certificate_reader.hpp\" of certgate_x509, expected only: "
                          "certgate_core, certgate_store\n");
}

TEST_F(CheckLayers, the_command_line_including_an_adapter_fails)
{
    plant("src/cli/certgate/main.cpp", "#include \"certgate/adapters/files/input_files.hpp\"");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "check-layers: error: src/cli/certgate/main.cpp:1: certgate includes "
                          "\"certgate/adapters/files/input_files.hpp\" of certgate_files, expected only: certgate, "
                          "certgate_app, certgate_cli_common, certgate_core\n");
}

TEST_F(CheckLayers, a_third_party_header_outside_its_adapter_fails)
{
    plant("include/certgate/core/time.hpp", "#include <boost/program_options.hpp>");
    plant("src/report/formats.cpp", "#  include <sqlite3.h>");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "check-layers: error: include/certgate/core/time.hpp:1: certgate_core includes "
                          "<boost/program_options.hpp>, which belongs only in: certgate_cli_common\n"
                          "check-layers: error: src/report/formats.cpp:1: certgate_report includes <sqlite3.h>, "
                          "which belongs only in: certgate_store\n");
}

// The last two tolerated includes (issue 13) are gone: the JSON of webhook
// bodies and of the status view is written in delivery and report. Putting
// nlohmann back into either app file fails, and the list stays empty.
TEST_F(CheckLayers, the_json_library_back_in_app_fails_and_nothing_is_tolerated)
{
    plant("src/app/notify_messages.cpp", "#include <nlohmann/json.hpp>");
    plant("src/app/notify_status.cpp", "#include <nlohmann/json.hpp>");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    const std::string homes =
        "certgate_config, certgate_delivery, certgate_external, certgate_huaweicloud, certgate_msgpack, "
        "certgate_report, certgate_terraform, certgate_tfjson\n";
    EXPECT_EQ(result.out, "check-layers: error: src/app/notify_messages.cpp:1: certgate_app includes "
                          "<nlohmann/json.hpp>, which belongs only in: " +
                              homes +
                              "check-layers: error: src/app/notify_status.cpp:1: certgate_app includes "
                              "<nlohmann/json.hpp>, which belongs only in: " +
                              homes);

    std::string tolerated;
    std::istringstream known(TempDir::read(testing::source_path("scripts/check-layers.known")));
    for (std::string line; std::getline(known, line);) {
        if (!line.starts_with("#") && !line.empty()) {
            tolerated += line + "\n";
        }
    }
    EXPECT_EQ(tolerated, "");
}

TEST_F(CheckLayers, a_tolerated_include_that_is_gone_is_noted_and_a_new_one_is_not_tolerated)
{
    m_tree.write("scripts/check-layers.known", TempDir::read(m_tree.path() / "scripts/check-layers.known") +
                                                   "src/core/time.cpp: certgate/app/check.hpp  # long gone\n");
    plant("src/core/calendar.cpp", "#include \"certgate/app/check.hpp\"");
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "check-layers: note: src/core/time.cpp: certgate/app/check.hpp no longer occurs: remove it "
                          "from scripts/check-layers.known\n"
                          "check-layers: error: src/core/calendar.cpp:1: certgate_core includes "
                          "\"certgate/app/check.hpp\" of certgate_app, expected only: certgate_core\n");
}

TEST_F(CheckLayers, a_dependency_the_script_does_not_know_stops_it)
{
    const std::string cmake = TempDir::read(m_tree.path() / "CMakeLists.txt");
    const std::string layer = "certgate_layer(files adapters/files DEPS certgate_core";
    ASSERT_NE(cmake.find(layer), std::string::npos);
    std::string changed = cmake;
    changed.replace(cmake.find(layer), layer.size(), layer + " Acme::Widgets");
    m_tree.write("CMakeLists.txt", changed);
    const auto result = check_layers(m_tree.path());
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.out, "check-layers: error: CMakeLists.txt: unknown dependency \"Acme::Widgets\": add the headers "
                          "it provides to THIRD_PARTY_HEADERS in scripts/check-layers.py\n");
}

} // namespace
} // namespace certgate
