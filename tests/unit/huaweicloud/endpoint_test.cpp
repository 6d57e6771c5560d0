#include "certgate/adapters/huaweicloud/credentials.hpp"
#include "certgate/adapters/huaweicloud/endpoint.hpp"

#include <gtest/gtest.h>

#include <map>

namespace certgate::huaweicloud {
namespace {

TEST(Endpoint, DefaultForRegion)
{
    const Endpoint endpoint = default_endpoint("cn-north-4");
    EXPECT_EQ(endpoint.url(), "https://scm.cn-north-4.myhuaweicloud.com");
    EXPECT_EQ(endpoint.host_header(), "scm.cn-north-4.myhuaweicloud.com");
}

TEST(Endpoint, ParsesOverrides)
{
    auto plain = parse_endpoint("https://127.0.0.1:8443");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->host, "127.0.0.1");
    EXPECT_EQ(plain->port, 8443);
    EXPECT_EQ(plain->host_header(), "127.0.0.1:8443");
    auto prefixed = parse_endpoint("HTTPS://scm.example.internal/gateway/");
    ASSERT_TRUE(prefixed);
    EXPECT_EQ(prefixed->port, 443);
    EXPECT_EQ(prefixed->base_path, "/gateway");
    EXPECT_EQ(prefixed->url(), "https://scm.example.internal/gateway");
    auto v6 = parse_endpoint("https://[::1]:9443");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->host_header(), "[::1]:9443");
}

TEST(Endpoint, RefusesBadUrls)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"http://scm.example.com", "expected an https:// URL such as \"https://scm.cn-north-4.myhuaweicloud.com\""},
        {"scm.example.com", "expected an https:// URL such as \"https://scm.cn-north-4.myhuaweicloud.com\""},
        {"https://", "expected a host name or address"},
        {"https://user:pw@host", "user information is not allowed"},
        {"https://host:0", "expected a port number from 1 to 65535"},
        {"https://host:65536", "expected a port number from 1 to 65535"},
        {"https://host:", "expected a port number from 1 to 65535"},
        {"https://host:12a", "expected a port number from 1 to 65535"},
        {"https://host?x=1", "a query or fragment is not allowed"},
        {"https://ho st", "expected a host name or address"},
        {"https://[::1", "unterminated IPv6 address"},
        {"https://[zz]:1", "invalid IPv6 address"},
        {"https://[::1]x", "expected \":PORT\" after the IPv6 address"},
        {"https://host/a b", "the path may hold only letters, digits and - . _ ~ /"},
    };
    for (const auto& [url, why] : cases) {
        auto endpoint = parse_endpoint(url);
        ASSERT_FALSE(endpoint) << url;
        EXPECT_EQ(endpoint.error().message, "invalid endpoint \"" + url + "\": " + why);
        EXPECT_EQ(endpoint.error().code, ErrorCode::usage);
    }
}

TEST(Endpoint, ValidatesRegions)
{
    EXPECT_TRUE(validate_region("ap-southeast-1"));
    for (const std::string& bad :
         std::vector<std::string>{"", "CN-north-4", "cn north", "cn/north", std::string(65, 'a')}) {
        auto region = validate_region(bad);
        ASSERT_FALSE(region) << bad;
    }
    EXPECT_EQ(validate_region("a.b").error().message,
              "invalid region \"a.b\", expected a Huawei Cloud region name such as \"cn-north-4\"");
}

TEST(Credentials, ReadsTheProviderVariables)
{
    std::map<std::string, std::string, std::less<>> environment{{"HW_ACCESS_KEY", "AK"},
                                                                {"HW_SECRET_KEY", "SK"},
                                                                {"HW_SECURITY_TOKEN", "TOKEN"},
                                                                {"HW_REGION_NAME", "cn-north-4"}};
    const auto lookup = [&](std::string_view name) -> std::optional<std::string> {
        const auto found = environment.find(name);
        return found == environment.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
    auto credentials = credentials_from_environment(lookup);
    ASSERT_TRUE(credentials);
    EXPECT_EQ(credentials->access_key, "AK");
    EXPECT_EQ(credentials->secret_key, "SK");
    EXPECT_EQ(credentials->security_token, "TOKEN");
    EXPECT_EQ(region_from_environment(lookup), "cn-north-4");

    environment["HW_SECURITY_TOKEN"] = "";
    EXPECT_FALSE(credentials_from_environment(lookup)->security_token);
    environment["HW_SECRET_KEY"] = "";
    auto no_secret = credentials_from_environment(lookup);
    ASSERT_FALSE(no_secret);
    EXPECT_EQ(no_secret.error().describe(),
              "huaweicloud: HW_SECRET_KEY is not set; export the secret access key that goes with HW_ACCESS_KEY");
    environment.erase("HW_ACCESS_KEY");
    auto no_access = credentials_from_environment(lookup);
    ASSERT_FALSE(no_access);
    EXPECT_EQ(no_access.error().describe(),
              "huaweicloud: HW_ACCESS_KEY is not set; export the access key ID and HW_SECRET_KEY of an IAM user "
              "allowed to read Cloud Certificate Manager");
}

} // namespace
} // namespace certgate::huaweicloud
