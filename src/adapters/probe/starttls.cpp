#include "certgate/adapters/probe/starttls.hpp"
#include "certgate/core/quote.hpp"

#include "connection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace certgate::probe {
namespace {

constexpr std::size_t k_max_reply_lines = 100;
constexpr std::size_t k_shown = 120;

constexpr std::array<std::pair<std::string_view, StartTls>, 4> k_protocols{{
    {"smtp", StartTls::smtp},
    {"imap", StartTls::imap},
    {"pop3", StartTls::pop3},
    {"ftp", StartTls::ftp},
}};

bool starts_with_ci(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) {
        return false;
    }
    return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

// An SMTP or FTP reply: "NNN-text" lines continue it, "NNN text" ends it.
// Returns the last line.
Result<std::string> read_coded_reply(detail::LineReader& reader, std::string_view what, const std::string& where)
{
    for (std::size_t count = 0; count < k_max_reply_lines; ++count) {
        auto line = reader.read_line(what);
        if (!line) {
            return line;
        }
        const bool coded = line->size() >= 3 && std::all_of(line->begin(), line->begin() + 3, [](char c) {
                               return std::isdigit(static_cast<unsigned char>(c)) != 0;
                           });
        if (!coded) {
            return make_error(ErrorCode::network,
                              "expected a numbered reply as " + std::string(what) + ", got " +
                                  quote_for_message(*line, k_shown),
                              where);
        }
        if (line->size() == 3 || (*line)[3] != '-') {
            return line;
        }
    }
    return make_error(ErrorCode::network,
                      "more than " + std::to_string(k_max_reply_lines) + " lines in " + std::string(what), where);
}

Result<void> expect_code(const Result<std::string>& reply, std::string_view code, std::string_view failure,
                         const std::string& where)
{
    if (!reply) {
        return reply.error();
    }
    if (!reply->starts_with(code)) {
        return make_error(ErrorCode::network,
                          std::string(failure) + ": " + quote_for_message(*reply, k_shown) + ", expected " +
                              std::string(code),
                          where);
    }
    return {};
}

Result<void> smtp(detail::LineReader& reader, const std::string& where)
{
    if (auto ok = expect_code(read_coded_reply(reader, "the smtp greeting", where), "220",
                              "the smtp server did not greet", where);
        !ok) {
        return ok;
    }
    if (auto sent = reader.write_all("EHLO certgate.invalid\r\n", "EHLO"); !sent) {
        return sent;
    }
    if (auto ok = expect_code(read_coded_reply(reader, "the answer to EHLO", where), "250",
                              "the smtp server refused EHLO", where);
        !ok) {
        return ok;
    }
    if (auto sent = reader.write_all("STARTTLS\r\n", "STARTTLS"); !sent) {
        return sent;
    }
    return expect_code(read_coded_reply(reader, "the answer to STARTTLS", where), "220",
                       "the smtp server refused STARTTLS", where);
}

Result<void> ftp(detail::LineReader& reader, const std::string& where)
{
    if (auto ok = expect_code(read_coded_reply(reader, "the ftp greeting", where), "220",
                              "the ftp server did not greet", where);
        !ok) {
        return ok;
    }
    if (auto sent = reader.write_all("AUTH TLS\r\n", "AUTH TLS"); !sent) {
        return sent;
    }
    return expect_code(read_coded_reply(reader, "the answer to AUTH TLS", where), "234",
                       "the ftp server refused AUTH TLS", where);
}

Result<void> imap(detail::LineReader& reader, const std::string& where)
{
    auto greeting = reader.read_line("the imap greeting");
    if (!greeting) {
        return greeting.error();
    }
    if (!starts_with_ci(*greeting, "* OK")) {
        return make_error(
            ErrorCode::network,
            "the imap server did not greet: " + quote_for_message(*greeting, k_shown) + ", expected \"* OK\"", where);
    }
    if (auto sent = reader.write_all("a001 STARTTLS\r\n", "STARTTLS"); !sent) {
        return sent;
    }
    for (std::size_t count = 0; count < k_max_reply_lines; ++count) {
        auto line = reader.read_line("the answer to STARTTLS");
        if (!line) {
            return line.error();
        }
        if (starts_with_ci(*line, "a001 ")) {
            if (starts_with_ci(*line, "a001 OK")) {
                return {};
            }
            return make_error(ErrorCode::network,
                              "the imap server refused STARTTLS: " + quote_for_message(*line, k_shown) +
                                  ", expected \"a001 OK\"",
                              where);
        }
    }
    return make_error(ErrorCode::network,
                      "more than " + std::to_string(k_max_reply_lines) + " lines in the answer to STARTTLS", where);
}

Result<void> pop3(detail::LineReader& reader, const std::string& where)
{
    auto greeting = reader.read_line("the pop3 greeting");
    if (!greeting) {
        return greeting.error();
    }
    if (!starts_with_ci(*greeting, "+OK")) {
        return make_error(
            ErrorCode::network,
            "the pop3 server did not greet: " + quote_for_message(*greeting, k_shown) + ", expected \"+OK\"", where);
    }
    if (auto sent = reader.write_all("STLS\r\n", "STLS"); !sent) {
        return sent;
    }
    auto answer = reader.read_line("the answer to STLS");
    if (!answer) {
        return answer.error();
    }
    if (!starts_with_ci(*answer, "+OK")) {
        return make_error(ErrorCode::network,
                          "the pop3 server refused STLS: " + quote_for_message(*answer, k_shown) + ", expected \"+OK\"",
                          where);
    }
    return {};
}

} // namespace

Result<StartTls> parse_starttls(std::string_view text)
{
    for (const auto& [name, protocol] : k_protocols) {
        if (text == name) {
            return protocol;
        }
    }
    return make_error(ErrorCode::usage, "unknown STARTTLS protocol " + quote_for_message(text, k_shown) +
                                            ", expected one of: smtp, imap, pop3, ftp");
}

std::string_view to_string(StartTls protocol)
{
    for (const auto& [name, value] : k_protocols) {
        if (value == protocol) {
            return name;
        }
    }
    return "none";
}

namespace detail {

Result<void> start_tls(StartTls protocol, const Socket& socket, const Deadline& deadline, const std::string& where)
{
    LineReader reader(socket, deadline, where);
    switch (protocol) {
    case StartTls::none:
        return {};
    case StartTls::smtp:
        return smtp(reader, where);
    case StartTls::imap:
        return imap(reader, where);
    case StartTls::pop3:
        return pop3(reader, where);
    case StartTls::ftp:
        return ftp(reader, where);
    }
    return {};
}

} // namespace detail
} // namespace certgate::probe
