// The published SDK-HMAC-SHA256 vectors (tests/fixtures/huaweicloud/signing-vectors.md), byte for byte.

#include "certgate/adapters/huaweicloud/signer.hpp"

#include <gtest/gtest.h>

namespace certgate::huaweicloud {
namespace {

constexpr const char* k_empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

Signature must_sign(const SigningInput& input, std::string_view access_key, std::string_view secret_key)
{
    auto signature = sign(input, access_key, secret_key);
    if (!signature) {
        ADD_FAILURE() << signature.error().describe();
        return {};
    }
    return *signature;
}

TEST(Signer, Vector1GetWithUnderscoreHeader)
{
    SigningInput input{
        "GET", "/path", {{"limit", "1"}}, {{"X-Sdk-Date", "20060102T150405Z"}, {"TEST_UNDERSCORE", "TEST_VALUE"}}, ""};
    const Signature signature = must_sign(input, "AccessKey", "SecretKey");
    EXPECT_EQ(signature.canonical_request,
              std::string("GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n") + k_empty_hash);
    EXPECT_EQ(signature.string_to_sign,
              "SDK-HMAC-SHA256\n20060102T150405Z\n85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4");
    EXPECT_EQ(signature.authorization, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                                       "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}

TEST(Signer, Vector2PostWithTrailingNewlineBody)
{
    // The Go SDK sends Content-Type: application/json but leaves it unsigned,
    // so it is not among the headers handed to the signer.
    const std::string body = "{\"Name\":\"test\",\"Id\":1}\n";
    EXPECT_EQ(sha256_hex(body), "a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289");
    SigningInput input{"POST",
                       "/path",
                       {{"key", "value"}},
                       {{"X-Sdk-Date", "20060102T150405Z"}, {"TEST_UNDERSCORE", "TEST_VALUE"}},
                       body};
    const Signature signature = must_sign(input, "AccessKey", "SecretKey");
    EXPECT_EQ(signature.signed_headers, "x-sdk-date");
    EXPECT_EQ(signature.signature, "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
}

TEST(Signer, Vector3GetWithHost)
{
    SigningInput input{"GET",
                       "/resources",
                       {{"size", "1"}},
                       {{"X-Sdk-Date", "20200608T023900Z"},
                        {"TEST_UNDERSCORE", "TEST_VALUE"},
                        {"Host", "service.endpoint.myhuaweicloud.com"}},
                       ""};
    const Signature signature = must_sign(input, "AccessKey", "SecretKey");
    EXPECT_EQ(signature.canonical_request,
              std::string("GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:"
                          "20200608T023900Z\n\nhost;x-sdk-date\n") +
                  k_empty_hash);
    EXPECT_EQ(signature.authorization, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                                       "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
}

TEST(Signer, Vector4PostWithHost)
{
    SigningInput input{"POST",
                       "/resources",
                       {{"size", "1"}},
                       {{"X-Sdk-Date", "20200608T023900Z"},
                        {"TEST_UNDERSCORE", "TEST_VALUE"},
                        {"Host", "service.endpoint.myhuaweicloud.com"}},
                       "{\"name\":\"test\",\"id\":1}"};
    const Signature signature = must_sign(input, "AccessKey", "SecretKey");
    EXPECT_EQ(signature.signed_headers, "host;x-sdk-date");
    EXPECT_EQ(signature.signature, "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
}

TEST(Signer, Vector5OfficialGuideExample)
{
    SigningInput input{"GET",
                       "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                       {{"limit", "2"}, {"marker", "13551d6b-755d-4757-b956-536f674975c0"}},
                       {{"Content-Type", "application/json"},
                        {"Host", "service.region.example.com"},
                        {"X-Sdk-Date", "20191115T033655Z"}},
                       ""};
    const Signature signature = must_sign(input, "QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
    EXPECT_EQ(signature.signed_headers, "content-type;host;x-sdk-date");
    EXPECT_EQ(sha256_hex(signature.canonical_request),
              "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
    EXPECT_EQ(signature.string_to_sign,
              "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
    EXPECT_EQ(signature.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    EXPECT_EQ(signature.authorization,
              "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
              "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
}

TEST(Signer, CanonicalQueryExample)
{
    const Pairs query{{"limit", "1"},       {"enable", "true"}, {"test", "\xE4\xB8\x80 (&=?!#%.*)"},
                      {"path", "/tmp/123"}, {"multi", "3"},     {"multi", "1"},
                      {"multi", "2"}};
    EXPECT_EQ(
        canonical_query(query),
        "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
}

TEST(Signer, CanonicalUriEscapesSegmentsAndEndsInSlash)
{
    EXPECT_EQ(canonical_uri(""), "/");
    EXPECT_EQ(canonical_uri("/"), "/");
    EXPECT_EQ(canonical_uri("/v3/scm/certificates/scs1554192131150"), "/v3/scm/certificates/scs1554192131150/");
    EXPECT_EQ(canonical_uri("/a b/c%d/"), "/a%20b/c%25d/");
    EXPECT_EQ(canonical_query({}), "");
}

TEST(Signer, SecurityTokenIsSigned)
{
    SigningInput input{
        "GET", "/v3/scm/certificates", {}, {{"X-Sdk-Date", "20261126T080000Z"}, {"X-Security-Token", " token "}}, ""};
    const Signature signature = must_sign(input, "ak", "sk");
    EXPECT_EQ(signature.signed_headers, "x-sdk-date;x-security-token");
    EXPECT_NE(signature.canonical_request.find("x-security-token:token\n"), std::string::npos);
}

TEST(Signer, SecretKeyNeverAppearsInTheOutput)
{
    SigningInput input{"GET", "/", {}, {{"X-Sdk-Date", "20261126T080000Z"}}, ""};
    const Signature signature = must_sign(input, "AKID", "VERYSECRETKEY");
    for (const std::string* text :
         {&signature.canonical_request, &signature.string_to_sign, &signature.authorization, &signature.signature}) {
        EXPECT_EQ(text->find("VERYSECRETKEY"), std::string::npos);
    }
}

TEST(Signer, MissingDateIsRefused)
{
    SigningInput input{"GET", "/", {}, {{"Host", "example.com"}}, ""};
    auto signature = sign(input, "ak", "sk");
    ASSERT_FALSE(signature);
    EXPECT_EQ(signature.error().message, "the request has no X-Sdk-Date header to sign");
}

TEST(Signer, LineBreakInHeaderIsRefused)
{
    SigningInput input{"GET", "/", {}, {{"X-Sdk-Date", "20261126T080000Z"}, {"X-Security-Token", "a\r\nb"}}, ""};
    auto signature = sign(input, "ak", "sk");
    ASSERT_FALSE(signature);
    EXPECT_EQ(signature.error().message, "header \"X-Security-Token\" holds a line break and cannot be signed");
}

TEST(Signer, SdkDateFormatsAndParses)
{
    const Instant instant = *parse_rfc3339("2019-11-15T03:36:55Z");
    EXPECT_EQ(format_sdk_date(instant), "20191115T033655Z");
    auto parsed = parse_sdk_date("20191115T033655Z");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, instant);
    for (const char* bad :
         {"", "20191115T033655", "2019-11-15T03:36:55Z", "20191315T033655Z", "2019111XT033655Z", "20191115T033655ZZ"}) {
        auto failed = parse_sdk_date(bad);
        ASSERT_FALSE(failed) << bad;
        EXPECT_EQ(failed.error().message, "invalid X-Sdk-Date \"" + std::string(bad) + "\", expected YYYYMMDDTHHMMSSZ");
    }
}

} // namespace
} // namespace certgate::huaweicloud
