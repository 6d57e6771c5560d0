// Every real plan and state under tests/fixtures/terraform-plans is read, and
// what it holds is pinned (none of them holds a certificate).

#include "certgate/adapters/terraform/plan_reader.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace certgate::terraform {
namespace {

struct Expected {
    const char* file;
    DocumentKind kind;
    const char* format_version;
    const char* terraform_version;
    std::size_t resources;
    std::size_t prior_resources;
    std::size_t resource_changes;
    std::size_t child_modules;
    bool errored;
};

const Expected k_fixtures[] = {
    {"checkov__example_GithubActionsOIDCTrustPolicy_tfplan.json", DocumentKind::plan, "1.2", "1.5.7", 9, 0, 9, 1,
     false},
    {"checkov__plan_with_for_each_for_enrichment_tf_plan.json", DocumentKind::plan, "1.2", "1.9.5", 5, 2, 5, 3, false},
    {"snyk__tfplan_data-01_plan.json", DocumentKind::plan, "1.1", "1.2.5", 0, 1, 0, 0, false},
    {"terraform__show-json_conditions_output-refresh-only.json", DocumentKind::plan, "1.2", "1.8.0-dev", 0, 2, 0, 0,
     false},
    {"terraform__show-json_plan-error_output.json", DocumentKind::plan, "1.2", "", 0, 0, 0, 0, true},
    {"terraform__show-json_unknown-output_output.json", DocumentKind::plan, "1.1", "1.3.0-dev", 0, 0, 0, 0, false},
    {"tfcompliance__test_issue-249_plan.out.json", DocumentKind::plan, "0.1", "0.12.24", 24, 117, 24, 15, false},
    {"tfcompliance__test_issue_796_plan.out.json", DocumentKind::plan, "1.2", "1.14.9", 2, 0, 2, 2, false},
    {"tfjson__013_module_depends_on_plan.json", DocumentKind::plan, "0.1", "0.13.1", 3, 0, 3, 1, false},
    {"tfjson__action_reason_plan.json", DocumentKind::plan, "1.2", "1.15.0", 1, 1, 1, 0, false},
    {"tfjson__has_changes_plan.json", DocumentKind::plan, "0.1", "0.12.11", 6, 7, 6, 2, false},
    {"tfjson__has_checks_plan.json", DocumentKind::plan, "1.2", "1.5.4", 2, 0, 2, 1, false},
    {"tfjson__has_checks_state.json", DocumentKind::state, "1.0", "1.5.4", 2, 0, 0, 1, false},
    {"trivy__tfjson_module_call.json", DocumentKind::plan, "1.2", "1.14.2", 1, 0, 1, 1, false},
};

std::string fixture(const std::string& name)
{
    return testing::source_path("tests/fixtures/terraform-plans/" + name);
}

Result<Discovery> read_fixture(const std::string& name)
{
    std::ifstream in(fixture(name), std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    return read_terraform_json(in, name);
}

TEST(TerraformFixtures, EveryRealDocumentIsReadAndSummarised)
{
    for (const Expected& expected : k_fixtures) {
        SCOPED_TRACE(expected.file);
        const auto discovery = read_fixture(expected.file);
        ASSERT_TRUE(discovery) << discovery.error().describe();
        const DocumentSummary& summary = discovery->summary;
        EXPECT_EQ(summary.kind, expected.kind);
        EXPECT_EQ(summary.format_version, expected.format_version);
        EXPECT_EQ(summary.terraform_version, expected.terraform_version);
        EXPECT_EQ(summary.resources, expected.resources);
        EXPECT_EQ(summary.prior_resources, expected.prior_resources);
        EXPECT_EQ(summary.resource_changes, expected.resource_changes);
        EXPECT_EQ(summary.child_modules, expected.child_modules);
        EXPECT_EQ(summary.errored, expected.errored);
        EXPECT_EQ(summary.bytes, std::filesystem::file_size(fixture(expected.file)));
        if (!expected.errored) {
            EXPECT_TRUE(discovery->findings.empty()) << discovery->findings.front().message;
        }
    }
}

TEST(TerraformFixtures, ErroredPlanGivesOneErrorFinding)
{
    const auto discovery = read_fixture("terraform__show-json_plan-error_output.json");
    ASSERT_TRUE(discovery);
    ASSERT_EQ(discovery->findings.size(), 1U);
    const Finding& finding = discovery->findings.front();
    EXPECT_EQ(finding.severity, Severity::error);
    EXPECT_EQ(finding.source.kind, SourceKind::plan);
    EXPECT_EQ(finding.source.path, "terraform__show-json_plan-error_output.json");
    EXPECT_FALSE(finding.source.address);
    EXPECT_EQ(finding.message, "Terraform reported errors while planning (\"errored\": true), so the plan is "
                               "incomplete; fix the errors of terraform plan first");
}

TEST(TerraformFixtures, ExternalDataSourceThatIsNotCertgateGivesNoFinding)
{
    // data.external.id_retriever returns {"accountRetrieval":"true"}.
    const auto discovery = read_fixture("tfcompliance__test_issue-249_plan.out.json");
    ASSERT_TRUE(discovery);
    EXPECT_TRUE(discovery->findings.empty());
}

TEST(TerraformFixtures, InvalidPlanIsRejectedWithItsOffset)
{
    const auto discovery = read_fixture("tfjson__invalid_plan.json");
    ASSERT_FALSE(discovery);
    EXPECT_EQ(discovery.error().code, ErrorCode::input);
    EXPECT_EQ(discovery.error().where, "tfjson__invalid_plan.json");
    EXPECT_EQ(discovery.error().message,
              "invalid JSON at line 676, column 29 (byte 15543): more content after the end of the document");
}

} // namespace
} // namespace certgate::terraform
