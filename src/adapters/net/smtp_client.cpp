#include "certgate/adapters/net/smtp_client.hpp"

#include "curl_support.hpp"

#include <sys/socket.h>

#include <cstring>

namespace certgate::net {

namespace {

using ListDeleter = FreeWith<curl_slist_free_all>;

struct Mail {
    detail::TransferState state;
    SmtpDialogue dialogue;
    std::string_view unsent;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user)
{
    auto& mail = *static_cast<Mail*>(user);
    const std::size_t length = std::min(size * count, mail.unsent.size());
    std::memcpy(buffer, mail.unsent.data(), length);
    mail.unsent.remove_prefix(length);
    return length;
}

int on_debug(CURL* /*handle*/, curl_infotype type, char* data, std::size_t size, void* user)
{
    auto& mail = *static_cast<Mail*>(user);
    switch (type) {
    case CURLINFO_HEADER_IN:
        // Replies count against the cap; the progress callback stops the
        // transfer once it is passed.
        mail.state.count(size);
        mail.dialogue.server_bytes(std::string_view(data, size));
        break;
    case CURLINFO_HEADER_OUT:
        mail.dialogue.client_line(std::string_view(data, size));
        break;
    case CURLINFO_DATA_OUT:
        mail.dialogue.body_started();
        break;
    default:
        break;
    }
    return 0;
}

std::string url_host(const std::string& host)
{
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// libcurl sends QUIT when the handle is cleaned up and waits for its answer
// with no deadline at all (CURLOPT_SERVER_RESPONSE_TIMEOUT is not honoured
// there: a server stalling at QUIT held notify for good, found by the
// fault-injection suite). So the answer is never waited for: after a failure
// the socket is shut down both ways (QUIT fails at once); after success only
// for reading, so that QUIT still goes out but its reply reads as the end of
// the connection. The message was accepted by then (RFC 5321 4.1.1.10: the
// server must not discard it for a missing QUIT), and the sooner send_mail
// returns, the sooner the store records it as sent.
void close_without_waiting(CURL* handle, bool sent)
{
    curl_socket_t socket = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, &socket) == CURLE_OK && socket != CURL_SOCKET_BAD) {
        ::shutdown(socket, sent ? SHUT_RD : SHUT_RDWR);
    }
}

} // namespace

SmtpOutcome send_mail(const SmtpTransfer& transfer, const Tls& tls, const Limits& limits)
{
    SmtpOutcome outcome;
    outcome.stage = "the greeting";
    auto easy = detail::new_easy();
    CURL* handle = easy.get();
    if (handle == nullptr) {
        outcome.transport_error = "cannot start the network client (out of memory)";
        return outcome;
    }
    Mail mail;
    mail.state.host = transfer.host;
    mail.state.tls = tls;
    mail.unsent = transfer.message;
    const bool implicit = transfer.security == SmtpSecurity::implicit;
    if (auto set = detail::set_common_options(handle, mail.state, limits, implicit ? "smtps" : "smtp", ""); !set) {
        outcome.transport_error = set.error().message;
        return outcome;
    }
    const std::string url = std::string(implicit ? "smtps" : "smtp") + "://" + url_host(transfer.host) + ":" +
                            std::to_string(transfer.port) + "/" + transfer.helo_name;
    const std::string from = "<" + transfer.from + ">";
    std::unique_ptr<curl_slist, ListDeleter> recipients(curl_slist_append(nullptr, ("<" + transfer.to + ">").c_str()));
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_USE_SSL,
                     transfer.security == SmtpSecurity::starttls ? static_cast<long>(CURLUSESSL_ALL)
                                                                 : static_cast<long>(CURLUSESSL_NONE));
    curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
    if (transfer.user) {
        curl_easy_setopt(handle, CURLOPT_USERNAME, transfer.user->c_str());
        curl_easy_setopt(handle, CURLOPT_PASSWORD, transfer.password.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(handle, CURLOPT_READDATA, &mail);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(transfer.message.size()));
    // The debug callback is how the dialogue is followed; VERBOSE only turns
    // it on (nothing is printed).
    curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &mail);
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
    const auto budget = time_budget(limits, Clock::now());
    const CURLcode code = curl_easy_perform(handle);
    close_without_waiting(handle, code == CURLE_OK);
    outcome.reply = mail.dialogue.last_reply();
    outcome.stage = mail.dialogue.stage();
    if (code == CURLE_OK) {
        outcome.sent = true;
        return outcome;
    }
    const bool refused = outcome.reply && classify_reply(outcome.reply->code) != ReplyClass::positive &&
                         code != CURLE_OPERATION_TIMEDOUT && !mail.state.over_cap;
    if (!refused) {
        outcome.reply.reset();
        outcome.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        outcome.transport_error = detail::failure_text(code, handle, mail.state, limits, budget);
        if (code == CURLE_LOGIN_DENIED) {
            outcome.transport_error = "offers no AUTH mechanism certgate can use";
        }
    }
    return outcome;
}

} // namespace certgate::net
