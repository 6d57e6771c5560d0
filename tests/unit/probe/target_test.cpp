#include "certgate/adapters/probe/target.hpp"

#include <gtest/gtest.h>

namespace certgate::probe {
namespace {

Target parsed(std::string_view text)
{
    auto target = parse_target(text);
    EXPECT_TRUE(target.has_value()) << (target ? "" : target.error().message);
    return target ? *target : Target{};
}

std::string failure(std::string_view text)
{
    auto target = parse_target(text);
    EXPECT_FALSE(target.has_value()) << text;
    return target ? "" : target.error().message;
}

TEST(ParseTarget, HostAloneGetsPort443)
{
    const Target target = parsed("example.com");
    EXPECT_EQ(target.host, "example.com");
    EXPECT_EQ(target.port, 443);
    EXPECT_FALSE(target.sni);
    EXPECT_EQ(target.label(), "example.com:443");
    EXPECT_EQ(target.requested_name(), "example.com");
    EXPECT_FALSE(target.host_is_ip());
}

TEST(ParseTarget, HostAndPort)
{
    const Target target = parsed("mail.example.com:465");
    EXPECT_EQ(target.host, "mail.example.com");
    EXPECT_EQ(target.port, 465);
    EXPECT_EQ(target.label(), "mail.example.com:465");
}

TEST(ParseTarget, Ipv4Literal)
{
    const Target target = parsed("127.0.0.1:8443");
    EXPECT_EQ(target.host, "127.0.0.1");
    EXPECT_EQ(target.port, 8443);
    EXPECT_TRUE(target.host_is_ip());
}

TEST(ParseTarget, BracketedIpv6WithPort)
{
    const Target target = parsed("[::1]:8443");
    EXPECT_EQ(target.host, "::1");
    EXPECT_EQ(target.port, 8443);
    EXPECT_TRUE(target.host_is_ip());
    EXPECT_EQ(target.label(), "[::1]:8443");
}

TEST(ParseTarget, BracketedIpv6WithoutPort)
{
    const Target target = parsed("[2001:db8::1]");
    EXPECT_EQ(target.host, "2001:db8::1");
    EXPECT_EQ(target.port, 443);
    EXPECT_EQ(target.label(), "[2001:db8::1]:443");
}

TEST(ParseTarget, BareIpv6IsTheWholeAddress)
{
    const Target target = parsed("::1");
    EXPECT_EQ(target.host, "::1");
    EXPECT_EQ(target.port, 443);
}

TEST(ParseTarget, ExplicitSni)
{
    const Target target = parsed("  10.0.0.1:443\twww.example.com  ");
    EXPECT_EQ(target.host, "10.0.0.1");
    ASSERT_TRUE(target.sni);
    EXPECT_EQ(*target.sni, "www.example.com");
    EXPECT_EQ(target.requested_name(), "www.example.com");
}

TEST(ParseTarget, TrailingDotIsDropped)
{
    EXPECT_EQ(parsed("example.com.:443").host, "example.com");
}

TEST(ParseTarget, PortOutOfRange)
{
    EXPECT_EQ(failure("example.com:0"), "port \"0\" is not a number from 1 to 65535");
    EXPECT_EQ(failure("example.com:65536"), "port \"65536\" is not a number from 1 to 65535");
    EXPECT_EQ(failure("example.com:"), "port \"\" is not a number from 1 to 65535");
    EXPECT_EQ(failure("example.com:https"), "port \"https\" is not a number from 1 to 65535");
    EXPECT_EQ(failure("example.com:-1"), "port \"-1\" is not a number from 1 to 65535");
    EXPECT_EQ(failure("example.com:99999999999999999999"),
              "port \"99999999999999999999\" is not a number from 1 to 65535");
}

TEST(ParseTarget, Urls)
{
    EXPECT_EQ(failure("https://example.com"), "\"https://example.com\" is a URL; expected HOST[:PORT] or "
                                              "[IPV6]:PORT, optionally followed by an SNI name");
}

TEST(ParseTarget, BadBrackets)
{
    EXPECT_EQ(failure("[::1"), "\"[::1\" has no closing ']'; expected HOST[:PORT] or [IPV6]:PORT, optionally "
                               "followed by an SNI name");
    EXPECT_EQ(failure("[example.com]:443"), "\"example.com\" in brackets is not an IPv6 address");
    EXPECT_EQ(failure("[::1]443"),
              "\"[::1]443\": expected HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name");
}

TEST(ParseTarget, TooManyColons)
{
    EXPECT_EQ(failure("a:b:c"), "\"a:b:c\": expected HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name");
}

TEST(ParseTarget, BadHostNames)
{
    const std::string expected = ", expected a DNS name, an IPv4 address or an IPv6 address";
    EXPECT_EQ(failure("ex/ample:443"), "bad host name \"ex/ample\"" + expected);
    EXPECT_EQ(failure("a..b"), "bad host name \"a..b\"" + expected);
    EXPECT_EQ(failure(".example.com"), "bad host name \".example.com\"" + expected);
    EXPECT_EQ(failure(":443"), "bad host name \"\"" + expected);
    EXPECT_EQ(failure(std::string(64, 'a') + ".com"), "bad host name \"" + std::string(64, 'a') + ".com\"" + expected);
    EXPECT_EQ(failure("bad\x01name"), "bad host name \"bad?name\"" + expected);
}

TEST(ParseTarget, HugeInputIsCutInTheMessage)
{
    const std::string huge(100000, 'x');
    EXPECT_EQ(failure(huge), "bad host name \"" + std::string(80, 'x') + "…\"" +
                                 ", expected a DNS name, an IPv4 address or an IPv6 address");
}

TEST(ParseTarget, ValuesAreQuotedAsEveryMessageQuotesThem)
{
    // quote_for_message: well-formed UTF-8 is shown, control bytes and bytes
    // that are not UTF-8 become '?', the text is cut on a character boundary.
    const std::string expected = ", expected a DNS name, an IPv4 address or an IPv6 address";
    EXPECT_EQ(failure("b\xc3\xbc"
                      "cher.example"),
              "bad host name \"b\xc3\xbc"
              "cher.example\"" +
                  expected);
    EXPECT_EQ(failure("bad\xffname"), "bad host name \"bad?name\"" + expected);
    EXPECT_EQ(failure(std::string(79, 'x') + "\xc3\xbc"), "bad host name \"" + std::string(79, 'x') + "…\"" + expected);
}

TEST(ParseTarget, EmptyAndTooManyWords)
{
    EXPECT_EQ(failure(""), "empty target, expected HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name");
    EXPECT_EQ(failure("   "), "empty target, expected HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name");
    EXPECT_EQ(failure("a.com b.com c.com"), "too many words in \"a.com b.com c.com\", expected HOST[:PORT] or "
                                            "[IPV6]:PORT, optionally followed by an SNI name");
}

TEST(ParseTarget, SniMustBeAName)
{
    EXPECT_EQ(failure("example.com 10.0.0.1"), "bad SNI name \"10.0.0.1\", expected a DNS name");
    EXPECT_EQ(failure("example.com a..b"), "bad SNI name \"a..b\", expected a DNS name");
}

TEST(ParseHostsFile, ReadsLinesCommentsAndBlanks)
{
    const HostsFile file = parse_hosts_file("# endpoints\n"
                                            "\n"
                                            "example.com\n"
                                            "  mail.example.com:465   # submission\n"
                                            "[::1]:8443 local.test\r\n"
                                            "10.0.0.1 www.example.com",
                                            "hosts.txt");
    EXPECT_TRUE(file.errors.empty());
    ASSERT_EQ(file.targets.size(), 4U);
    EXPECT_EQ(file.targets[0].label(), "example.com:443");
    EXPECT_EQ(file.targets[1].label(), "mail.example.com:465");
    EXPECT_EQ(file.targets[2].label(), "[::1]:8443");
    EXPECT_EQ(file.targets[2].sni.value_or(""), "local.test");
    EXPECT_EQ(file.targets[3].sni.value_or(""), "www.example.com");
}

TEST(ParseHostsFile, BadLinesNameFileAndLineAndOthersStillCount)
{
    const HostsFile file =
        parse_hosts_file("good.example.com\nbad host name here\nexample.com:70000\nok.test:8443\n", "list.txt");
    ASSERT_EQ(file.targets.size(), 2U);
    EXPECT_EQ(file.targets[1].label(), "ok.test:8443");
    ASSERT_EQ(file.errors.size(), 2U);
    EXPECT_EQ(file.errors[0].describe(), "list.txt:2: too many words, expected "
                                         "HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name");
    EXPECT_EQ(file.errors[0].code, ErrorCode::input);
    EXPECT_EQ(file.errors[1].describe(), "list.txt:3: the port is not a number from 1 to 65535");
}

TEST(ParseHostsFile, HashInsideAWordIsNotAComment)
{
    const HostsFile file = parse_hosts_file("exa#mple.com\n", "h");
    ASSERT_EQ(file.errors.size(), 1U);
    EXPECT_EQ(file.errors[0].describe(), "h:1: bad host name, expected a DNS name, an IPv4 address or an IPv6 address");
}

TEST(ParseHostsFile, OverlongLine)
{
    const HostsFile file = parse_hosts_file(std::string(5000, 'a') + "\nb.test\n", "h");
    ASSERT_EQ(file.errors.size(), 1U);
    EXPECT_EQ(file.errors[0].describe(), "h:1: line longer than 4096 bytes");
    ASSERT_EQ(file.targets.size(), 1U);
}

TEST(ParseHostsFile, BinaryGarbage)
{
    const HostsFile file = parse_hosts_file(std::string("\x00\xff\xfe", 3), "bin");
    EXPECT_TRUE(file.targets.empty());
    ASSERT_EQ(file.errors.size(), 1U);
    EXPECT_EQ(file.errors[0].describe(),
              "bin:1: bad host name, expected a DNS name, an IPv4 address or an IPv6 address");
}

TEST(ParseHostsFile, EmptyFileHasNoTargets)
{
    const HostsFile file = parse_hosts_file("", "empty");
    EXPECT_TRUE(file.targets.empty());
    EXPECT_TRUE(file.errors.empty());
}

TEST(UniqueTargets, KeepsTheFirstOfEachInOrder)
{
    std::vector<Target> targets = {parsed("a.test"),          parsed("b.test:8443"), parsed("a.test:443"),
                                   parsed("a.test sni.test"), parsed("b.test:8443"), parsed("a.test sni.test")};
    const std::vector<Target> unique = unique_targets(std::move(targets));
    ASSERT_EQ(unique.size(), 3U);
    EXPECT_EQ(unique[0].label(), "a.test:443");
    EXPECT_EQ(unique[1].label(), "b.test:8443");
    EXPECT_EQ(unique[2].sni.value_or(""), "sni.test");
}

// A hosts file of 400,000 distinct lines (about 9 MiB) with every line
// repeated: pairwise de-duplication (8 * 10^10 comparisons, minutes) would
// run into ctest's timeout; the hash set takes well under a second. No time
// is measured here, only the result.
TEST(UniqueTargets, LargeHostsFileIsLinear)
{
    constexpr int k_lines = 400'000;
    std::string content;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < k_lines; ++i) {
            content += "h" + std::to_string(i) + ".test:" + std::to_string(1 + i % 60000) + "\n";
        }
    }
    HostsFile file = parse_hosts_file(content, "hosts.txt");
    ASSERT_TRUE(file.errors.empty());
    ASSERT_EQ(file.targets.size(), 2U * k_lines);
    const std::vector<Target> unique = unique_targets(std::move(file.targets));
    ASSERT_EQ(unique.size(), static_cast<std::size_t>(k_lines));
    EXPECT_EQ(unique.front().label(), "h0.test:1");
    EXPECT_EQ(unique.back().label(), "h399999.test:40000");
}

} // namespace
} // namespace certgate::probe
