// The GitHub Action, the GitLab CI/CD component and the pre-commit hook, run
// the way their runners run them: actionlint (built from its Go module) on
// action.yml and the workflows; the action's shell steps with the GitHub
// environment variables; the component's script under sh with its inputs;
// the hook through the real pre-commit from PyPI.

#include "packaging.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

namespace certgate::testing::packaging {
namespace {

using nlohmann::json;

struct StepRun {
    ProcessResult result;
    std::string outputs; ///< GITHUB_OUTPUT
    std::string summary; ///< GITHUB_STEP_SUMMARY
};

StepRun run_action(const TempDir& workspace, const std::vector<std::string>& inputs)
{
    std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/tools/run_ci_steps.py"), "action",
                                  source_path("action.yml")};
    for (const std::string& input : inputs) {
        argv.insert(argv.end(), {"--input", input});
    }
    const std::string outputs = workspace.write("github_output", "");
    const std::string summary = workspace.write("step_summary", "");
    ProcessOptions options;
    options.working_directory = workspace.path().string();
    options.environment = {{"PATH", path_with_built_programs()}, {"GITHUB_OUTPUT", outputs},
                           {"GITHUB_STEP_SUMMARY", summary},     {"GITHUB_WORKSPACE", workspace.path().string()},
                           {"GITHUB_ACTIONS", "true"},           {"RUNNER_TEMP", workspace.path().string()},
                           {"CERTGATE_NOW", k_examples_now}};
    StepRun run;
    run.result = run_process(argv, options);
    run.outputs = TempDir::read(outputs);
    run.summary = TempDir::read(summary);
    return run;
}

TEST(GitHubAction, ActionlintAcceptsTheActionAndTheWorkflowsAndCatchesAWrongInput)
{
    const std::string actionlint = tool("CERTGATE_ACTIONLINT");
    CERTGATE_REQUIRE_PEER(!actionlint.empty(), "actionlint, built by scripts/install-tool-peers.sh from its Go module");
    ProcessOptions in_source;
    in_source.working_directory = source_path();
    const auto lint = run_process({actionlint, "-no-color"}, in_source);
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;

    // The same check fails on a workflow that passes an input action.yml lacks.
    const TempDir copy;
    copy.write("action.yml", TempDir::read(source_path("action.yml")));
    std::string workflow = TempDir::read(source_path(".github/workflows/action-self-test.yml"));
    const auto at = workflow.find("fail-on: renew");
    ASSERT_NE(at, std::string::npos);
    workflow.replace(at, 7, "fail-onn");
    copy.write(".github/workflows/bad.yml", workflow);
    ASSERT_EQ(run_process({"/usr/bin/env", "git", "init", "-q", copy.path().string()}).exit_code, 0);
    ProcessOptions in_copy;
    in_copy.working_directory = copy.path().string();
    const auto bad = run_process({actionlint, "-no-color"}, in_copy);
    EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
    EXPECT_NE(bad.out.find("input \"fail-onn\" is not defined"), std::string::npos) << bad.out;
}

TEST(GitHubAction, GatesTheExamplesWithAnnotationsSummarySarifAndOutputs)
{
    const TempDir workspace;
    const std::string sarif = (workspace.path() / "certgate.sarif").string();
    const auto run = run_action(workspace, {"files=" + source_path("examples/certs"), "sarif-output=" + sarif});
    EXPECT_EQ(run.result.exit_code, 1) << run.result.out << run.result.err; // the examples fail by design
    EXPECT_NE(run.result.out.find("certgate: using "), std::string::npos) << run.result.out;
    EXPECT_NE(run.result.out.find("RENEW     renew.example.com"), std::string::npos) << run.result.out; // text format
    EXPECT_NE(run.result.out.find("::error file="), std::string::npos) << run.result.out;               // annotations
    EXPECT_NE(run.result.out.find("::warning file="), std::string::npos);
    EXPECT_EQ(run.outputs, "exit-code=1\ngate=fail\n");
    EXPECT_NE(run.summary.find("**certgate gate: fail**"), std::string::npos) << run.summary;
    const std::string sarif_text = TempDir::read(sarif);
    ASSERT_FALSE(sarif_text.empty());
    EXPECT_EQ(schema_errors(source_path("tests/fixtures/schemas/sarif-schema-2.1.0.json"), sarif_text), "");
    EXPECT_EQ(json::parse(sarif_text).at("runs").at(0).at("results").size(), 10U); // one result per finding
}

TEST(GitHubAction, PlanInputTakesAFileOrACommandAndNothingToCheckIsAnError)
{
    // A state as terraform show -json prints it, holding one bundled example.
    const TempDir plans;
    const json state = {
        {"format_version", "1.0"},
        {"terraform_version", "1.5.7"},
        {"values",
         {{"root_module",
           {{"resources",
             json::array({{{"address", "local_file.web"},
                           {"mode", "managed"},
                           {"type", "local_file"},
                           {"name", "web"},
                           {"values", {{"content", TempDir::read(source_path("examples/certs/renew.pem"))}}}}})}}}}}};
    const std::string plan = plans.write("state.json", state.dump());
    const TempDir by_file;
    const auto from_file = run_action(by_file, {"plan=" + plan, "fail-on=expired", "format=json"});
    EXPECT_EQ(from_file.result.exit_code, 0) << from_file.result.out << from_file.result.err;
    EXPECT_EQ(from_file.outputs, "exit-code=0\ngate=pass\n");

    const TempDir by_command;
    const auto from_command = run_action(by_command, {"plan=cat '" + plan + "'", "fail-on=expired", "format=json"});
    EXPECT_EQ(from_command.result.exit_code, 0) << from_command.result.err;
    const auto report_of = [](const std::string& out) {
        const auto start = out.find("\n{");
        return start == std::string::npos ? std::string() : out.substr(start, out.find("\n::") - start);
    };
    EXPECT_NE(report_of(from_file.result.out).find("\"local_file.web\""), std::string::npos) << from_file.result.out;
    // The same findings either way, only the path differs (the command's output is read from a file).
    const json by_path = json::parse(report_of(from_file.result.out));
    const json by_command_report = json::parse(report_of(from_command.result.out));
    EXPECT_EQ(by_command_report.at("summary"), by_path.at("summary"));
    ASSERT_EQ(by_command_report.at("findings").size(), 1U);
    EXPECT_EQ(by_command_report.at("findings").at(0).at("fingerprint_sha256"),
              by_path.at("findings").at(0).at("fingerprint_sha256"));
    // renew.pem is inside the window: with the default fail-on the gate fails.
    const TempDir by_default;
    EXPECT_EQ(run_action(by_default, {"plan=" + plan}).outputs, "exit-code=1\ngate=fail\n");

    const TempDir failing;
    const auto broken = run_action(failing, {"plan=exit 3"});
    EXPECT_EQ(broken.result.exit_code, 2);
    EXPECT_NE(broken.result.out.find("::error title=certgate::the plan command failed"), std::string::npos);
    EXPECT_EQ(broken.outputs, "exit-code=2\ngate=error\n");

    const TempDir empty;
    const auto nothing = run_action(empty, {});
    EXPECT_EQ(nothing.result.exit_code, 2);
    EXPECT_NE(nothing.result.out.find("set the files or plan input"), std::string::npos) << nothing.result.out;
}

ProcessResult run_component(const TempDir& workspace, const std::vector<std::string>& inputs)
{
    std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/tools/run_ci_steps.py"), "gitlab",
                                  source_path("templates/certgate.yml")};
    for (const std::string& input : inputs) {
        argv.insert(argv.end(), {"--input", input});
    }
    ProcessOptions options;
    options.working_directory = workspace.path().string();
    options.environment = {{"PATH", path_with_built_programs()}, {"CERTGATE_NOW", k_examples_now}};
    return run_process(argv, options);
}

TEST(GitLabComponent, WritesValidCodeQualityAndJUnitReportsAndFailsInTheWindow)
{
    const TempDir workspace;
    const auto run = run_component(workspace, {"files=" + source_path("examples/certs")});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("gate FAIL (fail_on renew)"), std::string::npos) << run.out;
    const json quality = json::parse(TempDir::read(workspace.path() / "gl-code-quality-report.json"));
    ASSERT_TRUE(quality.is_array());
    EXPECT_EQ(quality.size(), 5U);
    for (const json& issue : quality) {
        for (const char* key : {"description", "check_name", "fingerprint", "severity", "location"}) {
            EXPECT_TRUE(issue.contains(key)) << key; // GitLab's required Code Quality keys
        }
    }
    const auto xmllint =
        run_process({"/usr/bin/env", "xmllint", "--noout", "--schema", source_path("tests/fixtures/schemas/junit.xsd"),
                     (workspace.path() / "certgate-junit.xml").string()});
    EXPECT_EQ(xmllint.exit_code, 0) << xmllint.err;

    const TempDir lenient;
    const auto passing = run_component(lenient, {"files=" + source_path("examples/certs/ok.pem"), "fail-on=expired"});
    EXPECT_EQ(passing.exit_code, 0) << passing.err;
}

TEST(GitLabComponent, RefusesUndeclaredInputsAndValuesOutsideTheOptions)
{
    const TempDir workspace;
    const auto unknown = run_component(workspace, {"filez=x"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("input 'filez' is not declared"), std::string::npos) << unknown.err;
    const auto outside = run_component(workspace, {"fail-on=soon"});
    EXPECT_EQ(outside.exit_code, 2);
    EXPECT_NE(outside.err.find("'soon' is not one of"), std::string::npos) << outside.err;
    const auto nothing = run_component(workspace, {});
    EXPECT_EQ(nothing.exit_code, 2);
    EXPECT_NE(nothing.err.find("nothing to check"), std::string::npos) << nothing.err;
}

ProcessResult try_hook(const TempDir& repository, const TempDir& home)
{
    ProcessOptions options;
    options.working_directory = repository.path().string();
    options.environment = {{"PATH", path_with_built_programs()},      {"CERTGATE_NOW", k_examples_now},
                           {"PRE_COMMIT_HOME", home.path().string()}, {"GIT_AUTHOR_NAME", "t"},
                           {"GIT_AUTHOR_EMAIL", "t@example.com"},     {"GIT_COMMITTER_NAME", "t"},
                           {"GIT_COMMITTER_EMAIL", "t@example.com"}};
    options.timeout = std::chrono::minutes(3);
    return run_process({tool("CERTGATE_PRE_COMMIT"), "try-repo", source_path(), "certgate-check", "--all-files"},
                       options);
}

TEST(PreCommitHook, FailsOnACertificateInsideTheRenewalWindowAndPassesOtherwise)
{
    CERTGATE_REQUIRE_PEER(!tool("CERTGATE_PRE_COMMIT").empty(),
                          "pre-commit, installed from PyPI by scripts/install-tool-peers.sh");
    const TempDir home;
    const TempDir repository;
    ASSERT_EQ(run_process({"/usr/bin/env", "git", "init", "-q", repository.path().string()}).exit_code, 0);
    repository.write("certs/web.pem", TempDir::read(source_path("examples/certs/renew.pem")));
    repository.write("notes.txt", "not a certificate");
    ProcessOptions in_repository;
    in_repository.working_directory = repository.path().string();
    ASSERT_EQ(run_process({"/usr/bin/env", "git", "add", "."}, in_repository).exit_code, 0);

    const auto failing = try_hook(repository, home);
    EXPECT_EQ(failing.exit_code, 1) << failing.out << failing.err;
    EXPECT_NE(failing.out.find("certgate check (certificate expiry)"), std::string::npos) << failing.out;
    EXPECT_NE(failing.out.find("Failed"), std::string::npos) << failing.out;
    EXPECT_NE(failing.out.find("RENEW     renew.example.com"), std::string::npos) << failing.out;

    repository.write("certs/web.pem", TempDir::read(source_path("examples/certs/ok.pem")));
    ASSERT_EQ(run_process({"/usr/bin/env", "git", "add", "."}, in_repository).exit_code, 0);
    const auto passing = try_hook(repository, home);
    EXPECT_EQ(passing.exit_code, 0) << passing.out << passing.err;
    EXPECT_NE(passing.out.find("Passed"), std::string::npos) << passing.out;
}

TEST(ReadmeSnippets, TheActionComponentAndHookSnippetsMatchTheRealFiles)
{
    const std::string readme = TempDir::read(source_path("README.md"));
    const std::string action = TempDir::read(source_path("action.yml"));
    const std::string component = TempDir::read(source_path("templates/certgate.yml"));
    const std::string hooks = TempDir::read(source_path(".pre-commit-hooks.yaml"));
    const auto section = [&readme](const std::string& heading) {
        const auto start = readme.find("\n### " + heading + "\n");
        EXPECT_NE(start, std::string::npos) << heading;
        const auto end = readme.find("\n#", start + 5);
        return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
    };
    // Every `with:` key of the Action snippet is an input of action.yml.
    const std::string github = section("GitHub Action");
    const std::regex with_key(R"(\n {10}([a-z-]+): )");
    int keys = 0;
    for (std::sregex_iterator it(github.begin(), github.end(), with_key), end; it != end; ++it, ++keys) {
        EXPECT_NE(action.find("\n  " + (*it)[1].str() + ":\n"), std::string::npos) << (*it)[1] << " not in action.yml";
    }
    EXPECT_GE(keys, 2);
    // Every input of the component snippet is declared in its spec.
    const std::string gitlab = section("GitLab CI/CD component");
    const std::regex input_key(R"(\n {6}([a-z-]+): )");
    keys = 0;
    for (std::sregex_iterator it(gitlab.begin(), gitlab.end(), input_key), end; it != end; ++it, ++keys) {
        EXPECT_NE(component.find("\n    " + (*it)[1].str() + ":\n"), std::string::npos) << (*it)[1];
    }
    EXPECT_GE(keys, 1);
    EXPECT_NE(gitlab.find("templates/certgate.yml"), std::string::npos);
    // The hook id of the pre-commit snippet is the one .pre-commit-hooks.yaml defines.
    const std::string pre_commit = section("pre-commit hook");
    EXPECT_NE(pre_commit.find("- id: certgate-check"), std::string::npos) << pre_commit;
    EXPECT_NE(hooks.find("- id: certgate-check\n"), std::string::npos);
}

} // namespace
} // namespace certgate::testing::packaging
