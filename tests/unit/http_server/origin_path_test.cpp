#include "certgate/adapters/http_server/http_server.hpp"

#include <gtest/gtest.h>

namespace certgate::http_server {
namespace {

TEST(OriginPath, OriginFormIsKeptAndAbsoluteFormGivesItsPath)
{
    EXPECT_EQ(origin_path("/"), "/");
    EXPECT_EQ(origin_path("/certificates/ab"), "/certificates/ab");
    EXPECT_EQ(origin_path("http://localhost:8080/healthz"), "/healthz");
    EXPECT_EQ(origin_path("HTTPS://console.example/api/certificates"), "/api/certificates");
    EXPECT_EQ(origin_path("http://localhost"), "/");
}

// Found by the http_request fuzz harness: cpp-httplib hands on any target, and
// a handler was given "8certificates/…".
TEST(OriginPath, EveryOtherFormIsRefused)
{
    EXPECT_EQ(origin_path(""), std::nullopt);
    EXPECT_EQ(origin_path("*"), std::nullopt);
    EXPECT_EQ(origin_path("8certificates/%2e%2e"), std::nullopt);
    EXPECT_EQ(origin_path("localhost:8080"), std::nullopt);
    EXPECT_EQ(origin_path("ftp://host/x"), std::nullopt);
    EXPECT_EQ(origin_path("http:/x"), std::nullopt);
}

} // namespace
} // namespace certgate::http_server
