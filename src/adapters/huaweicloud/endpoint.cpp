#include "certgate/adapters/huaweicloud/endpoint.hpp"
#include "certgate/core/quote.hpp"

#include <algorithm>
#include <charconv>

namespace certgate::huaweicloud {
namespace {

bool host_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

} // namespace

std::string Endpoint::url() const
{
    return "https://" + host_header() + base_path;
}

std::string Endpoint::host_header() const
{
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string header = ipv6 ? "[" + host + "]" : host;
    if (port != 443) {
        header += ":" + std::to_string(port);
    }
    return header;
}

Result<std::string> validate_region(std::string_view region)
{
    const bool valid = !region.empty() && region.size() <= 64 && std::all_of(region.begin(), region.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!valid) {
        return make_error(ErrorCode::usage, "invalid region " + quote_for_message(region) +
                                                ", expected a Huawei Cloud region name such as \"cn-north-4\"");
    }
    return std::string(region);
}

Endpoint default_endpoint(std::string_view region)
{
    return Endpoint{"scm." + std::string(region) + ".myhuaweicloud.com", 443, ""};
}

Result<Endpoint> parse_endpoint(std::string_view url)
{
    const auto fail = [&](const std::string& why) {
        return make_error(ErrorCode::usage, "invalid endpoint " + quote_for_message(url) + ": " + why);
    };
    constexpr std::string_view k_scheme = "https://";
    if (url.size() < k_scheme.size() || !std::equal(k_scheme.begin(), k_scheme.end(), url.begin(), [](char a, char b) {
            return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
        return fail("expected an https:// URL such as \"https://scm.cn-north-4.myhuaweicloud.com\"");
    }
    std::string_view rest = url.substr(k_scheme.size());
    if (rest.find_first_of("?#") != std::string_view::npos) {
        return fail("a query or fragment is not allowed");
    }
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos) {
        return fail("user information is not allowed");
    }
    Endpoint endpoint;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            return fail("unterminated IPv6 address");
        }
        endpoint.host = std::string(authority.substr(1, close - 1));
        const bool valid_v6 =
            !endpoint.host.empty() && std::all_of(endpoint.host.begin(), endpoint.host.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
                       c == '.';
            });
        if (!valid_v6) {
            return fail("invalid IPv6 address");
        }
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return fail("expected \":PORT\" after the IPv6 address");
            }
            port_text = after.substr(1);
            if (port_text.empty()) {
                return fail("expected a port number from 1 to 65535");
            }
        }
    } else {
        const std::size_t colon = authority.find(':');
        endpoint.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) {
                return fail("expected a port number from 1 to 65535");
            }
        }
        if (endpoint.host.empty() || endpoint.host.size() > 253 ||
            !std::all_of(endpoint.host.begin(), endpoint.host.end(), host_character)) {
            return fail("expected a host name or address");
        }
    }
    if (!port_text.empty()) {
        int port = 0;
        const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (error != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
            return fail("expected a port number from 1 to 65535");
        }
        endpoint.port = port;
    }
    while (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    const bool valid_path = std::all_of(path.begin(), path.end(),
                                        [](char c) { return host_character(c) || c == '/' || c == '_' || c == '~'; });
    if (!valid_path) {
        return fail("the path may hold only letters, digits and - . _ ~ /");
    }
    endpoint.base_path = std::string(path);
    return endpoint;
}

} // namespace certgate::huaweicloud
