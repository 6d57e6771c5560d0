#include "certgate/adapters/probe/target.hpp"

#include "certgate/core/quote.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_set>

namespace certgate::probe {
namespace {

constexpr std::string_view k_expected = "expected HOST[:PORT] or [IPV6]:PORT, optionally followed by an SNI name";
constexpr std::size_t k_max_name = 253;
constexpr std::size_t k_max_line = 4096;

bool is_ipv4(const std::string& text)
{
    in_addr address{};
    return inet_pton(AF_INET, text.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& text)
{
    in6_addr address{};
    return inet_pton(AF_INET6, text.c_str(), &address) == 1;
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// DNS names as people type them: letters, digits, '-', '_' and dots, no empty
// label; a single trailing dot (fully qualified) is accepted.
bool is_host_name(std::string_view name)
{
    if (name.empty() || name.size() > k_max_name + 1 || name.front() == '.') {
        return false;
    }
    if (name.back() == '.') {
        name.remove_suffix(1);
    }
    std::size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) {
                return false;
            }
            label = 0;
            continue;
        }
        const auto uc = static_cast<unsigned char>(c);
        if (std::isalnum(uc) == 0 && c != '-' && c != '_') {
            return false;
        }
        if (++label > 63) {
            return false;
        }
    }
    return label > 0;
}

// Whether messages may repeat the text: yes for a --host value the user
// typed, no for a line of a file (which may be anything; its path and line
// number say where).
enum class Echo { text, none };

// Long enough for any host name, short enough for one line.
constexpr std::size_t k_shown = 80;

std::string quoted(std::string_view text)
{
    return quote_for_message(text, k_shown);
}

// `"text"` when it may be echoed, else `instead`.
std::string shown(std::string_view text, Echo echo, std::string_view instead)
{
    return echo == Echo::text ? quoted(text) : std::string(instead);
}

Result<std::uint16_t> parse_port(std::string_view text, Echo echo)
{
    unsigned value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
        return make_error(ErrorCode::usage, (echo == Echo::text ? "port " + quoted(text) : std::string("the port")) +
                                                " is not a number from 1 to 65535");
    }
    return static_cast<std::uint16_t>(value);
}

Result<Target> parse_endpoint(std::string_view text, Echo echo)
{
    const std::string target_text = shown(text, echo, "the target");
    Target target;
    if (text.find("://") != std::string_view::npos) {
        return make_error(ErrorCode::usage, target_text + " is a URL; " + std::string(k_expected));
    }
    std::string_view host = text;
    std::optional<std::string_view> port;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return make_error(ErrorCode::usage, target_text + " has no closing ']'; " + std::string(k_expected));
        }
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return make_error(ErrorCode::usage, target_text + ": " + std::string(k_expected));
            }
            port = rest.substr(1);
        }
        if (!is_ipv6(std::string(host))) {
            return make_error(ErrorCode::usage,
                              shown(host, echo, "the address") + " in brackets is not an IPv6 address");
        }
    } else if (std::count(text.begin(), text.end(), ':') > 1) {
        if (!is_ipv6(std::string(text))) {
            return make_error(ErrorCode::usage, target_text + ": " + std::string(k_expected));
        }
    } else if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    target.host = std::string(host);
    if (port) {
        auto number = parse_port(*port, echo);
        if (!number) {
            return number.error();
        }
        target.port = *number;
    }
    if (!target.host_is_ip() && !is_host_name(target.host)) {
        return make_error(ErrorCode::usage, "bad host name" + (echo == Echo::text ? " " + quoted(target.host) : "") +
                                                ", expected a DNS name, an IPv4 address or an IPv6 address");
    }
    if (!target.host_is_ip() && target.host.back() == '.') {
        target.host.pop_back();
    }
    return target;
}

} // namespace

std::string Target::label() const
{
    const std::string port_text = std::to_string(port);
    return is_ipv6(host) ? "[" + host + "]:" + port_text : host + ":" + port_text;
}

bool Target::host_is_ip() const
{
    return is_ipv4(host) || is_ipv6(host);
}

std::string Target::requested_name() const
{
    return sni ? *sni : host;
}

namespace {

Result<Target> parse_target_text(std::string_view text, Echo echo)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    if (words.empty()) {
        return make_error(ErrorCode::usage, "empty target, " + std::string(k_expected));
    }
    if (words.size() > 2) {
        return make_error(ErrorCode::usage, "too many words" + (echo == Echo::text ? " in " + quoted(text) : "") +
                                                ", " + std::string(k_expected));
    }
    auto target = parse_endpoint(words[0], echo);
    if (!target) {
        return target;
    }
    if (words.size() == 2) {
        std::string sni(words[1]);
        if (is_ipv4(sni) || is_ipv6(sni) || !is_host_name(sni)) {
            return make_error(ErrorCode::usage,
                              "bad SNI name" + (echo == Echo::text ? " " + quoted(sni) : "") + ", expected a DNS name");
        }
        if (sni.back() == '.') {
            sni.pop_back();
        }
        target->sni = std::move(sni);
    }
    return target;
}

} // namespace

Result<Target> parse_target(std::string_view text)
{
    return parse_target_text(text, Echo::text);
}

std::vector<Target> unique_targets(std::vector<Target> targets)
{
    // One hashable string per target (a NUL cannot occur in a parsed host
    // or SNI name): linear, where pairwise comparison took 43 s for a 2 MiB
    // hosts file.
    std::unordered_set<std::string> seen;
    std::vector<Target> unique;
    unique.reserve(targets.size());
    for (Target& target : targets) {
        const std::string identity = target.host + '\0' + std::to_string(target.port) + '\0' +
                                     (target.sni ? "1" + *target.sni : std::string("0"));
        if (seen.insert(identity).second) {
            unique.push_back(std::move(target));
        }
    }
    return unique;
}

HostsFile parse_hosts_file(std::string_view content, std::string_view path)
{
    HostsFile out;
    std::size_t line_number = 0;
    std::size_t position = 0;
    while (position < content.size()) {
        ++line_number;
        std::size_t end = content.find('\n', position);
        if (end == std::string_view::npos) {
            end = content.size();
        }
        std::string_view line = content.substr(position, end - position);
        position = end + 1;
        const std::string where = std::string(path) + ":" + std::to_string(line_number);
        if (line.size() > k_max_line) {
            out.errors.push_back(
                make_error(ErrorCode::input, "line longer than " + std::to_string(k_max_line) + " bytes", where));
            continue;
        }
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '#' && (i == 0 || is_space(line[i - 1]))) {
                line = line.substr(0, i);
                break;
            }
        }
        if (std::all_of(line.begin(), line.end(), is_space)) {
            continue;
        }
        auto target = parse_target_text(line, Echo::none);
        if (!target) {
            out.errors.push_back(make_error(ErrorCode::input, target.error().message, where));
            continue;
        }
        out.targets.push_back(std::move(*target));
    }
    return out;
}

} // namespace certgate::probe
