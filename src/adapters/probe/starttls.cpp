#include "certgate/adapters/probe/starttls.hpp"
#include "certgate/core/enum_names.hpp"
#include "certgate/core/quote.hpp"

#include "connection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

namespace certgate::probe {
namespace {

constexpr std::size_t k_max_reply_lines = 100;
constexpr std::size_t k_shown = 120;

constexpr std::array<EnumName<StartTls>, 5> k_protocols{{
    {StartTls::none, "none"},
    {StartTls::smtp, "smtp"},
    {StartTls::imap, "imap"},
    {StartTls::pop3, "pop3"},
    {StartTls::ftp, "ftp"},
}};
static_assert(lists_in_order(k_protocols));

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

// How a server answers: SMTP and FTP with numbered replies that may run over
// several lines ("NNN-" continues), POP3 and IMAP with one status line whose
// start is matched whatever its case.
enum class Replies { coded, status_line };

// One exchange of a STARTTLS dialogue: send `command` (none for the
// greeting), then expect an answer starting with `expected`.
struct Exchange {
    std::string_view command; ///< the protocol's name for it ("EHLO"); empty: the greeting
    std::string_view line;    ///< what is sent, CRLF included
    std::string_view expected;
};

Result<void> exchange(detail::LineReader& reader, std::string_view protocol, Replies replies, const Exchange& step,
                      const std::string& where)
{
    const std::string server = "the " + std::string(protocol) + " server ";
    const std::string failure =
        step.command.empty() ? server + "did not greet" : server + "refused " + std::string(step.command);
    const std::string what = step.command.empty() ? "the " + std::string(protocol) + " greeting"
                                                  : "the answer to " + std::string(step.command);
    if (!step.command.empty()) {
        if (auto sent = reader.write_all(step.line, step.command); !sent) {
            return sent;
        }
    }
    auto reply = replies == Replies::coded ? read_coded_reply(reader, what, where) : reader.read_line(what);
    if (!reply) {
        return reply.error();
    }
    const bool expected =
        replies == Replies::coded ? reply->starts_with(step.expected) : starts_with_ci(*reply, step.expected);
    if (!expected) {
        const std::string shown =
            replies == Replies::coded ? std::string(step.expected) : "\"" + std::string(step.expected) + "\"";
        return make_error(ErrorCode::network,
                          failure + ": " + quote_for_message(*reply, k_shown) + ", expected " + shown, where);
    }
    return {};
}

Result<void> dialogue(detail::LineReader& reader, std::string_view protocol, Replies replies,
                      std::initializer_list<Exchange> steps, const std::string& where)
{
    for (const auto& step : steps) {
        if (auto ok = exchange(reader, protocol, replies, step, where); !ok) {
            return ok;
        }
    }
    return {};
}

Result<void> smtp(detail::LineReader& reader, const std::string& where)
{
    return dialogue(
        reader, "smtp", Replies::coded,
        {{"", "", "220"}, {"EHLO", "EHLO certgate.invalid\r\n", "250"}, {"STARTTLS", "STARTTLS\r\n", "220"}}, where);
}

Result<void> ftp(detail::LineReader& reader, const std::string& where)
{
    return dialogue(reader, "ftp", Replies::coded, {{"", "", "220"}, {"AUTH TLS", "AUTH TLS\r\n", "234"}}, where);
}

Result<void> pop3(detail::LineReader& reader, const std::string& where)
{
    return dialogue(reader, "pop3", Replies::status_line, {{"", "", "+OK"}, {"STLS", "STLS\r\n", "+OK"}}, where);
}

// IMAP answers a tagged command after any number of untagged lines.
Result<void> imap(detail::LineReader& reader, const std::string& where)
{
    if (auto greeted = exchange(reader, "imap", Replies::status_line, {"", "", "* OK"}, where); !greeted) {
        return greeted;
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

} // namespace

Result<StartTls> parse_starttls(std::string_view text)
{
    if (const auto protocol = value_named(k_protocols, text); protocol && *protocol != StartTls::none) {
        return *protocol;
    }
    return make_error(ErrorCode::usage, "unknown STARTTLS protocol " + quote_for_message(text, k_shown) +
                                            ", expected one of: smtp, imap, pop3, ftp");
}

std::string_view to_string(StartTls protocol)
{
    return name_of(k_protocols, protocol);
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
