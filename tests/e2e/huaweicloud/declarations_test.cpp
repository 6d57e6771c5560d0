// Reading the toggles declared for Huawei Cloud certificates from Terraform JSON.

#include "certgate/app/huaweicloud_declarations.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certgate::app {
namespace {

nlohmann::json data_source(const std::string& address, const nlohmann::json& query,
                           const nlohmann::json& program = {"certgate-external", "notification"})
{
    return {{"address", address},
            {"mode", "data"},
            {"type", "external"},
            {"values", {{"program", program}, {"query", query}}}};
}

std::string state(const std::vector<nlohmann::json>& resources, const char* key = "values")
{
    return nlohmann::json{{"format_version", "1.0"}, {key, {{"root_module", {{"resources", resources}}}}}}.dump();
}

TEST(HuaweiCloudDeclarations, FindsNotificationsWithAHuaweiId)
{
    auto toggles = parse_declared_toggles(
        state({data_source("data.external.b", {{"huaweicloud_certificate_id", "scs2"},
                                               {"enabled", "false"},
                                               {"status", "hosting"},
                                               {"certificate", "abc"}}),
               data_source("data.external.a", {{"huaweicloud_certificate_id", "scs1"}}),
               data_source("data.external.none", {{"enabled", "false"}}),
               data_source("data.external.empty", {{"huaweicloud_certificate_id", ""}}),
               data_source("data.external.cert", {{"huaweicloud_certificate_id", "scs3"}},
                           {"certgate-external", "certificate"}),
               data_source("data.external.other", {{"huaweicloud_certificate_id", "scs4"}}, {"python3", "x.py"}),
               data_source("data.external.path", {{"huaweicloud_certificate_id", "scs5"}},
                           {"/opt/bin/certgate-external", "notification"}),
               {{"address", "aws_acm_certificate.x"}, {"mode", "managed"}, {"type", "aws_acm_certificate"}}}),
        "state.json");
    ASSERT_TRUE(toggles) << toggles.error().describe();
    ASSERT_EQ(toggles->size(), 3U);
    EXPECT_EQ((*toggles)[0].huaweicloud_id, "scs1");
    EXPECT_EQ((*toggles)[0].address, "data.external.a");
    EXPECT_FALSE((*toggles)[0].enabled);
    EXPECT_FALSE((*toggles)[0].status);
    EXPECT_EQ((*toggles)[1].huaweicloud_id, "scs2");
    EXPECT_EQ((*toggles)[1].enabled, false);
    EXPECT_EQ((*toggles)[1].status, CertificateStatus::hosting);
    EXPECT_EQ((*toggles)[1].certificate, "abc");
    EXPECT_EQ((*toggles)[2].huaweicloud_id, "scs5");
}

TEST(HuaweiCloudDeclarations, ReadsPlansAndModulesAndEmptyStates)
{
    auto plan = parse_declared_toggles(
        state({data_source("data.external.a", {{"huaweicloud_certificate_id", "scs1"}})}, "planned_values"), "plan");
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->size(), 1U);

    nlohmann::json nested = {
        {"resources", {data_source("module.m.data.external.a", {{"huaweicloud_certificate_id", "scs9"}})}}};
    for (int i = 0; i < 10; ++i) {
        nested = {{"child_modules", nlohmann::json::array({nested})}};
    }
    auto modules = parse_declared_toggles(
        nlohmann::json{{"format_version", "1.0"}, {"values", {{"root_module", nested}}}}.dump(), "state");
    ASSERT_TRUE(modules) << modules.error().describe();
    ASSERT_EQ(modules->size(), 1U);
    EXPECT_EQ((*modules)[0].address, "module.m.data.external.a");

    auto empty = parse_declared_toggles(R"({"format_version":"1.0"})", "state");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

TEST(HuaweiCloudDeclarations, RefusesBadValues)
{
    const auto error_of = [](const nlohmann::json& query) {
        auto toggles = parse_declared_toggles(state({data_source("data.external.x", query)}), "s.json");
        return toggles ? std::string("(no error)") : toggles.error().describe();
    };
    EXPECT_EQ(error_of({{"huaweicloud_certificate_id", "scs/../1"}}),
              "s.json: data.external.x: query key \"huaweicloud_certificate_id\": invalid id \"scs/../1\", expected a "
              "Huawei Cloud certificate id such as \"scs1554192131150\"");
    EXPECT_EQ(error_of({{"huaweicloud_certificate_id", std::string(65, 'a')}}),
              "s.json: data.external.x: query key \"huaweicloud_certificate_id\": invalid id \"" +
                  std::string(65, 'a') + "\", expected a Huawei Cloud certificate id such as \"scs1554192131150\"");
    EXPECT_EQ(error_of({{"huaweicloud_certificate_id", 5}}),
              "s.json: data.external.x: query key \"huaweicloud_certificate_id\": expected a string");
    EXPECT_EQ(error_of({{"huaweicloud_certificate_id", "scs1"}, {"status", "bought"}}),
              "s.json: data.external.x: query key \"status\": invalid status \"bought\", expected one of: issued, "
              "hosting, uploaded");
    EXPECT_EQ(error_of({{"huaweicloud_certificate_id", "scs1"}, {"enabled", "on"}}),
              "s.json: data.external.x: query key \"enabled\": invalid value \"on\", expected \"true\" or \"false\"");
    EXPECT_EQ(
        error_of({{"huaweicloud_certificate_id", "scs1"}, {"enabled", "\x1b[31m"}}),
        "s.json: data.external.x: query key \"enabled\": invalid value \"?[31m\", expected \"true\" or \"false\"");
}

TEST(HuaweiCloudDeclarations, DuplicatesMustAgree)
{
    auto same = parse_declared_toggles(
        state({data_source("data.external.a", {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "true"}}),
               data_source("data.external.b", {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "true"}})}),
        "s.json");
    ASSERT_TRUE(same);
    EXPECT_EQ(same->size(), 1U);
    auto different = parse_declared_toggles(
        state({data_source("data.external.a", {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "true"}}),
               data_source("data.external.b", {{"huaweicloud_certificate_id", "scs1"}, {"enabled", "false"}})}),
        "s.json");
    ASSERT_FALSE(different);
    EXPECT_EQ(different.error().describe(), "s.json: data.external.b: certificate \"scs1\" is also declared by "
                                            "data.external.a with different settings; declare it once");
}

// One reader, one limit, one error: the same messages as certgate check.
TEST(HuaweiCloudDeclarations, HostileStructure)
{
    nlohmann::json nested = nlohmann::json::object();
    for (int i = 0; i < 300; ++i) { // two JSON levels per module
        nested = {{"child_modules", nlohmann::json::array({nested})}};
    }
    auto deep = parse_declared_toggles(
        nlohmann::json{{"format_version", "1.0"}, {"values", {{"root_module", nested}}}}.dump(), "s.json");
    ASSERT_FALSE(deep);
    EXPECT_EQ(deep.error().code, ErrorCode::limit);
    EXPECT_EQ(
        deep.error().describe().rfind("s.json: JSON nested deeper than the limit of 512 levels at byte offset ", 0), 0U)
        << deep.error().describe();

    const std::string brackets = std::string(200000, '[') + std::string(200000, ']');
    auto arrays = parse_declared_toggles(brackets, "s.json");
    ASSERT_FALSE(arrays);
    EXPECT_EQ(arrays.error().describe(),
              "s.json: not Terraform JSON: the document is an array, expected an object with "
              "\"format_version\" (the output of terraform show -json)");

    auto truncated =
        parse_declared_toggles(state({data_source("data.external.a", {{"a", "b"}})}).substr(0, 40), "s.json");
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().describe(),
              "s.json: truncated JSON: the input ends after 40 bytes, before the document is complete");

    auto wrong_types = parse_declared_toggles(
        R"({"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"data","type":"external","values":{"program":"certgate-external","query":{}}},)"
        R"({"mode":"data","type":"external","values":{"program":["certgate-external","notification"],"query":"x"}}]}}})",
        "s.json");
    ASSERT_TRUE(wrong_types) << wrong_types.error().describe();
    EXPECT_TRUE(wrong_types->empty());
    auto not_objects = parse_declared_toggles(
        R"({"format_version":"1.0","values":{"root_module":{"resources":[1,"x"],"child_modules":{}}}})", "s.json");
    ASSERT_FALSE(not_objects);
    EXPECT_EQ(not_objects.error().describe(),
              "s.json: not Terraform JSON: /values/root_module/resources/0 is a number, expected an object");
}

// The toggles of a plan come from planned_values, or from prior_state when
// only it knows the data source (the same rule as notify's declarations).
TEST(HuaweiCloudDeclarations, PriorStateCountsLikeForNotify)
{
    const nlohmann::json prior{
        {"format_version", "1.2"},
        {"planned_values", {{"root_module", nlohmann::json::object()}}},
        {"prior_state",
         {{"values",
           {{"root_module",
             {{"resources", {data_source("data.external.a", {{"huaweicloud_certificate_id", "scs7"}})}}}}}}}}};
    auto toggles = parse_declared_toggles(prior.dump(), "plan.json");
    ASSERT_TRUE(toggles) << toggles.error().describe();
    ASSERT_EQ(toggles->size(), 1U);
    EXPECT_EQ((*toggles)[0].huaweicloud_id, "scs7");
}

TEST(HuaweiCloudDeclarations, FileLimitsAndErrors)
{
    const testing::TempDir directory;
    const std::string path = directory.write(
        "state.json", state({data_source("data.external.a", {{"huaweicloud_certificate_id", "scs1"}})}));
    auto read = read_declared_toggles(path);
    ASSERT_TRUE(read) << read.error().describe();
    EXPECT_EQ(read->size(), 1U);

    auto limited = read_declared_toggles(path, 10);
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, ErrorCode::limit);
    EXPECT_EQ(limited.error().message, "file of " + std::to_string(std::filesystem::file_size(path)) +
                                           " bytes is over the limit of 10 bytes for one input; it was not read");

    auto folder = read_declared_toggles(directory.path().string());
    ASSERT_FALSE(folder);
    EXPECT_EQ(folder.error().where, directory.path().string());

    const std::string empty = directory.write("empty.json", "");
    auto nothing = read_declared_toggles(empty);
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().describe(), empty + ": empty input, expected Terraform JSON");
}

} // namespace
} // namespace certgate::app
