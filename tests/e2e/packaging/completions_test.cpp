// The man pages and shell completions built from the programs' own --help:
// every option of --help is in them, they render, and the completions work
// in a real bash.

#include "packaging.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace certgate::testing::packaging {
namespace {

const std::vector<std::pair<std::string, std::vector<std::string>>>& pages()
{
    static const std::vector<std::pair<std::string, std::vector<std::string>>> list{
        {"certgate", {}},
        {"certgate-check", {"check"}},
        {"certgate-notify", {"notify"}},
        {"certgate-status", {"status"}},
        {"certgate-recipients", {"recipients"}},
        {"certgate-huaweicloud", {"huaweicloud", "sync"}},
        {"certgate-serve", {"serve"}},
    };
    return list;
}

std::set<std::string> long_options(const std::string& help)
{
    std::set<std::string> options;
    const std::regex option(R"(^  (?:-\w \[ )?(--[a-z0-9][a-z0-9-]*))");
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (std::regex_search(line, match, option)) {
            options.insert(match[1]);
        }
    }
    return options;
}

std::string rendered(const std::filesystem::path& page)
{
    ProcessOptions options;
    // Plain ASCII: in a UTF-8 locale groff prints "-" as a hyphen (U+2010).
    options.environment = {{"MANWIDTH", "200"}, {"LC_ALL", "C"}};
    const auto man = run_process({"/usr/bin/env", "man", "--warnings", "-l", page.string()}, options);
    EXPECT_EQ(man.exit_code, 0) << man.err;
    EXPECT_EQ(man.err, "") << page; // groff warnings
    return man.out;
}

TEST(ManPages, EveryPageRendersAndListsEveryOptionOfItsHelp)
{
    CERTGATE_REQUIRE_PEER(on_path("man"), "man (Debian man-db), from scripts/install-deps.sh --with-test-tools");
    for (const auto& [page, words] : pages()) {
        SCOPED_TRACE(page);
        const std::filesystem::path file = generated_dir() / "man" / (page + ".1.gz");
        ASSERT_TRUE(std::filesystem::exists(file)) << "not built (needs help2man): " << file;
        std::vector<std::string> argv{certgate_program()};
        argv.insert(argv.end(), words.begin(), words.end());
        argv.push_back("--help");
        const auto help = run_process(argv);
        ASSERT_EQ(help.exit_code, 0) << help.err;
        const std::string text = rendered(file);
        const std::set<std::string> options = long_options(help.out);
        if (!words.empty()) {
            EXPECT_GE(options.size(), 3U) << help.out;
        }
        for (const std::string& option : options) {
            EXPECT_NE(text.find(option), std::string::npos) << option << " is in --help but not in " << page << "(1)";
        }
        EXPECT_NE(text.find("EXIT STATUS"), std::string::npos);
    }
    const std::string external = rendered(generated_dir() / "man" / "certgate-external.1.gz");
    for (const char* kind : {"certificate", "expiry", "recipient", "notification", "CERTGATE_STORE"}) {
        EXPECT_NE(external.find(kind), std::string::npos) << kind;
    }
}

// Regression: man-page.cmake ran whatever "gzip" came first on PATH, not the
// one cmake/install.cmake found (and the changelog used). A recording gzip
// passed as -DGZIP must be the one that compresses the page.
TEST(ManPages, AreCompressedByTheGzipTheBuildFound)
{
    CERTGATE_REQUIRE_PEER(on_path("help2man") && on_path("gzip"), "help2man and gzip, from scripts/install-deps.sh");
    TempDir dir;
    const auto gzip = dir.path() / "recording-gzip";
    dir.write("recording-gzip",
              "#!/bin/sh\necho \"$@\" >> \"" + (dir.path() / "calls").string() + "\"\nexec gzip \"$@\"\n");
    std::filesystem::permissions(gzip, std::filesystem::perms::owner_all);
    const auto page = dir.path() / "certgate-check.1";
    std::vector<std::string> argv{"/usr/bin/env",
                                  "cmake",
                                  "-DHELP2MAN=help2man",
                                  "-DPROGRAM=" + certgate_program(),
                                  "-DWORDS=check",
                                  "-DPAGE=certgate-check",
                                  "-DNAME_LINE=evaluate certificates",
                                  "-DINCLUDE=" + source_path("packaging/man/certgate.h2m"),
                                  "-DOUTPUT=" + page.string() + ".gz",
                                  "-P",
                                  source_path("packaging/man/man-page.cmake")};
    argv.insert(argv.begin() + 2, "-DGZIP=" + gzip.string());
    const auto built = run_process(argv);
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_EQ(TempDir::read(dir.path() / "calls"), "-9nf " + page.string() + "\n");
    EXPECT_FALSE(std::filesystem::exists(page));
    EXPECT_NE(rendered(page.string() + ".gz").find("certgate-check - evaluate certificates"), std::string::npos);

    argv.erase(argv.begin() + 2);
    const auto unset = run_process(argv);
    EXPECT_NE(unset.exit_code, 0);
    EXPECT_NE(unset.err.find("man-page.cmake: GZIP is not set: pass -DGZIP=/path/to/gzip"), std::string::npos)
        << unset.err;
}

TEST(Version, BothProgramsPrintTheOneVersion)
{
    const auto certgate = run_process({certgate_program(), "--version"});
    const auto external = run_process({external_program(), "--version"});
    ASSERT_EQ(certgate.exit_code, 0) << certgate.err;
    ASSERT_EQ(external.exit_code, 0) << external.err;
    const std::regex line(R"(certgate [0-9]+\.[0-9]+\.[0-9]+(\+git\.[0-9a-f]{12}(\.dirty)?)?\n)");
    EXPECT_TRUE(std::regex_match(certgate.out, line)) << certgate.out;
    EXPECT_EQ(external.out, "certgate-external " + certgate.out.substr(std::string("certgate ").size()));
    // The same version as CMakeLists.txt's project(... VERSION x.y.z).
    std::ifstream cmake(source_path("CMakeLists.txt"));
    std::stringstream text;
    text << cmake.rdbuf();
    std::smatch version;
    const std::string cmake_text = text.str();
    ASSERT_TRUE(std::regex_search(cmake_text, version, std::regex(R"(project\(certgate VERSION ([0-9.]+))")));
    EXPECT_EQ(certgate.out.rfind("certgate " + version[1].str(), 0), 0U) << certgate.out;
}

// Runs the generated bash completion for the words typed so far.
std::vector<std::string> complete(const std::string& words, const std::string& directory = "")
{
    const std::filesystem::path script = generated_dir() / "completions" / "certgate.bash";
    const std::string program = "source '" + script.string() +
                                "'\n"
                                "COMP_WORDS=(" +
                                words +
                                ")\n"
                                "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                                "_certgate\n"
                                "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    ProcessOptions options;
    options.working_directory = directory;
    const auto bash = run_process({"/usr/bin/env", "bash", "--norc", "--noprofile", "-c", program}, options);
    EXPECT_EQ(bash.exit_code, 0) << bash.err;
    EXPECT_EQ(bash.err, "");
    std::vector<std::string> replies;
    std::istringstream lines(bash.out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) {
            replies.push_back(line);
        }
    }
    return replies;
}

TEST(Completions, BashCompletesCommandsOptionsValuesAndFiles)
{
    ASSERT_TRUE(std::filesystem::exists(generated_dir() / "completions" / "certgate.bash"));
    EXPECT_EQ(complete("certgate ch"), (std::vector<std::string>{"check"}));
    EXPECT_EQ(complete("certgate check --fo"), (std::vector<std::string>{"--format"}));
    EXPECT_EQ(complete("certgate check --fail-on cr"), (std::vector<std::string>{"critical"}));
    EXPECT_EQ(complete("certgate recipients v"), (std::vector<std::string>{"verify"}));
    const auto formats = complete("certgate check --format ''");
    EXPECT_EQ(std::set<std::string>(formats.begin(), formats.end()),
              (std::set<std::string>{"text", "json", "junit", "sarif", "github", "markdown", "prometheus", "gitlab"}));
    const TempDir folder;
    folder.write("web.pem", "x");
    EXPECT_EQ(complete("certgate check we", folder.path().string()), (std::vector<std::string>{"web.pem"}));
    EXPECT_EQ(complete("certgate check --config we", folder.path().string()), (std::vector<std::string>{"web.pem"}));
}

TEST(Completions, EveryOfferedValueIsAcceptedAndEveryHelpOptionOffered)
{
    // An enumeration read wrongly from --help would offer a value the
    // program then refuses: each one must pass option parsing.
    const std::vector<std::pair<std::string, std::string>> enumerations{
        {"--fail-on", "certgate check --fail-on ''"},
        {"--format", "certgate check --format ''"},
        {"--color", "certgate check --color ''"},
    };
    for (const auto& [option, words] : enumerations) {
        const auto values = complete(words);
        ASSERT_FALSE(values.empty()) << option;
        for (const std::string& value : values) {
            const auto run = run_process({certgate_program(), "check", source_path("examples/certs/ok.pem"), "--now",
                                          k_examples_now, option, value});
            EXPECT_EQ(run.exit_code, 0) << option << " " << value << ": " << run.err;
        }
    }
    for (const char* command : {"check", "notify", "status", "recipients"}) {
        const auto help = run_process({certgate_program(), command, "--help"});
        // After a sub-command word where the command has them (recipients list).
        const std::string typed = std::string(command) == "recipients" ? "recipients list" : command;
        const auto offered = complete("certgate " + typed + " --");
        EXPECT_GT(offered.size(), 3U) << command;
        for (const std::string& option : long_options(help.out)) {
            EXPECT_NE(std::find(offered.begin(), offered.end(), option), offered.end()) << command << " " << option;
        }
    }
}

TEST(Completions, ZshCompletionIsValidZsh)
{
    CERTGATE_REQUIRE_PEER(on_path("zsh"), "zsh (Debian zsh), from scripts/install-deps.sh --with-test-tools");
    const std::filesystem::path script = generated_dir() / "completions" / "_certgate";
    const auto zsh = run_process({"/usr/bin/env", "zsh", "-n", script.string()});
    EXPECT_EQ(zsh.exit_code, 0) << zsh.err;
    const std::string text = TempDir::read(script);
    EXPECT_EQ(text.rfind("#compdef certgate\n", 0), 0U);
    for (const char* expected : {"'check:", "'*--format=[format]:value:(text json", "'--leaf-only[leaf-only]'"}) {
        EXPECT_NE(text.find(expected), std::string::npos) << expected;
    }
}

} // namespace
} // namespace certgate::testing::packaging
