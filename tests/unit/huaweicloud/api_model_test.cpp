#include "certgate/adapters/huaweicloud/api_model.hpp"

#include "support/certificates.hpp"
#include "support/timestamp_cases.hpp"

#include <gtest/gtest.h>

namespace certgate::huaweicloud {
namespace {

using testing::at;

TEST(ApiModel, ParsesAListPage)
{
    auto page =
        parse_certificate_page(R"({"certificates":[{"id":"scs1554192131150","name":"web","domain":"a.example.com",
        "sans":"a.example.com;b.example.com","status":"ISSUED","expire_time":"2021-05-27 16:46:25.0",
        "deploy_support":true,"validity_period":12,"description":null,"type":"DV_SSL_CERT"}],"total_count":7})");
    ASSERT_TRUE(page) << page.error().describe();
    EXPECT_EQ(page->total_count, 7);
    ASSERT_EQ(page->certificates.size(), 1U);
    EXPECT_EQ(page->certificates[0].id, "scs1554192131150");
    EXPECT_EQ(page->certificates[0].status, "ISSUED");
    EXPECT_EQ(page->certificates[0].expire_time, "2021-05-27 16:46:25.0");
    EXPECT_EQ(page->certificates[0].sans, "a.example.com;b.example.com");
}

TEST(ApiModel, RefusesMalformedPages)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"", "unexpected API response: not JSON"},
        {"{\"certificates\":[", "unexpected API response: not JSON"},
        {"[]", "unexpected API response: expected a JSON object"},
        {"{\"certificates\":[]}", "total_count: unexpected API response: expected a count (a non-negative integer)"},
        {"{\"certificates\":[],\"total_count\":-1}",
         "total_count: unexpected API response: expected a count (a non-negative integer)"},
        {"{\"certificates\":[],\"total_count\":\"3\"}",
         "total_count: unexpected API response: expected a count (a non-negative integer)"},
        {"{\"total_count\":0}", "certificates: unexpected API response: expected an array"},
        {"{\"certificates\":{},\"total_count\":0}", "certificates: unexpected API response: expected an array"},
        {"{\"certificates\":[1],\"total_count\":1}", "certificates[0]: unexpected API response: expected an object"},
        {"{\"certificates\":[{}],\"total_count\":1}",
         "certificates[0].id: unexpected API response: invalid certificate id \"\", expected 1 to 64 letters, "
         "digits, - or _"},
        {"{\"certificates\":[{\"id\":\"../etc\"}],\"total_count\":1}",
         "certificates[0].id: unexpected API response: invalid certificate id \"../etc\", expected 1 to 64 letters, "
         "digits, - or _"},
        {"{\"certificates\":[{\"id\":\"a\\nb\"}],\"total_count\":1}",
         "certificates[0].id: unexpected API response: invalid certificate id \"a?b\", expected 1 to 64 letters, "
         "digits, - or _"},
        {"{\"certificates\":[{\"id\":\"scs1\",\"status\":5}],\"total_count\":1}",
         "certificates[0].status: unexpected API response: expected a string"},
        {"{\"certificates\":[{\"id\":12}],\"total_count\":1}",
         "certificates[0].id: unexpected API response: expected a string"},
    };
    for (const auto& [body, expected] : cases) {
        auto page = parse_certificate_page(body);
        ASSERT_FALSE(page) << body;
        EXPECT_EQ(page.error().describe(), expected) << body;
        EXPECT_EQ(page.error().code, ErrorCode::remote);
    }
}

TEST(ApiModel, RefusesAnOverlongIdAndSurvivesDeepNesting)
{
    auto page =
        parse_certificate_page("{\"certificates\":[{\"id\":\"" + std::string(65, 'a') + "\"}],\"total_count\":1}");
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().describe(), "certificates[0].id: unexpected API response: invalid certificate id \"" +
                                           std::string(65, 'a') + "\", expected 1 to 64 letters, digits, - or _");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    auto nested = parse_certificate_page(deep);
    ASSERT_FALSE(nested);
    EXPECT_EQ(nested.error().message, "unexpected API response: expected a JSON object");
}

TEST(ApiModel, ParsesDetails)
{
    auto details = parse_certificate_details(R"({"id":"scs1","status":"UPLOAD","not_before":"2026-01-01 00:00:00.0",
        "not_after":"2027-01-01T00:00:00Z","fingerprint":"ab","authentification":[],"revoke_reason":null})");
    ASSERT_TRUE(details) << details.error().describe();
    EXPECT_EQ(details->status, "UPLOAD");
    EXPECT_EQ(details->not_after, "2027-01-01T00:00:00Z");
    auto bad = parse_certificate_details(R"({"id":"scs1","not_after":1})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().describe(), "not_after: unexpected API response: expected a string");
}

TEST(ApiModel, ReadsErrorBodies)
{
    auto error =
        parse_api_error(R"({"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"})");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "APIGW.0301");
    EXPECT_EQ(error->message, "Incorrect IAM authentication information");
    auto nested = parse_api_error(R"({"error":{"code":"SCM.0008","message":"bad\nid"}})");
    ASSERT_TRUE(nested);
    EXPECT_EQ(nested->code, "SCM.0008");
    EXPECT_EQ(nested->message, "bad?id");
    EXPECT_FALSE(parse_api_error("<html>Bad Gateway</html>"));
    EXPECT_FALSE(parse_api_error("{}"));
    auto huge = parse_api_error("{\"error_code\":\"X\",\"error_msg\":\"" + std::string(5000, 'm') + "\"}");
    ASSERT_TRUE(huge);
    EXPECT_EQ(huge->message, std::string(300, 'm') + "…");
}

TEST(ApiModel, ParsesTimes)
{
    const TimeZone& utc = *utc_zone();
    auto shanghai = parse_fixed_offset_zone("+08:00");
    ASSERT_TRUE(shanghai);
    const auto parsed = [](Result<Instant> result) {
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? *result : Instant{};
    };
    EXPECT_EQ(parsed(parse_api_time("2021-05-27 16:46:25.0", utc)), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("2021-05-27 16:46:25.0", **shanghai)), at("2021-05-27T08:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("2021-05-27 16:46:25", **shanghai)), at("2021-05-27T08:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("2021-05-27T16:46:25Z", **shanghai)), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("2021-05-27 16:46:25.123+08:00", utc)), at("2021-05-27T08:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("1622134", utc)), Instant{std::chrono::seconds{1622134}});
    EXPECT_EQ(parsed(parse_api_time("1622133985000", utc)), at("2021-05-27T16:46:25Z"));
    EXPECT_EQ(parsed(parse_api_time("1622133985", utc)), at("2021-05-27T16:46:25Z"));
    for (const char* bad : {"", "2021-05-27", "2021-05-27 16:46", "2021-13-27 16:46:25.0", "2021-05-27 16:46:25.",
                            "2021-05-27 16:46:25.0 UTC", "16221339850000", "-1", "2021-05-27X16:46:25"}) {
        auto failed = parse_api_time(bad, utc);
        ASSERT_FALSE(failed) << bad;
        EXPECT_EQ(failed.error().message, "unexpected API response: invalid time \"" + std::string(bad) +
                                              "\", expected RFC 3339, \"YYYY-MM-DD HH:MM:SS.S\" or epoch milliseconds");
    }
}

// The Huawei Cloud path reads timestamps as the Terraform reader and the
// external program do (one parser, core/timestamp.hpp).
TEST(ApiModel, SharedTimestampCases)
{
    const auto utc = utc_zone();
    for (const auto& shared : testing::k_shared_timestamp_cases) {
        SCOPED_TRACE(std::string(shared.text));
        const auto result = parse_api_time(shared.text, *utc);
        ASSERT_EQ(result.has_value(), shared.utc.has_value());
        if (shared.utc) {
            EXPECT_EQ(format_rfc3339(*result), *shared.utc);
        }
    }
}

} // namespace
} // namespace certgate::huaweicloud
