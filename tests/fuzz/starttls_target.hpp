#pragma once
// Fuzzes the probe's STARTTLS dialogues (SMTP, IMAP, POP3, FTP) with any
// server replies, fed through a socketpair (no network): the first byte picks
// the protocol, the rest is what the server says before closing.
// Shared by the harness (starttls_fuzzer.cpp) and the replay of its kept
// inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "../../src/adapters/probe/connection.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace certgate::fuzz {

inline void fuzz_starttls(std::string_view input)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const std::size_t size = input.size();
    using namespace certgate::probe;
    if (size < 1) {
        return;
    }
    static constexpr StartTls k_protocols[] = {StartTls::smtp, StartTls::imap, StartTls::pop3, StartTls::ftp};
    const StartTls protocol = k_protocols[data[0] % 4];
    // A socketpair buffers what fits; longer replies are cut (the reader caps lines at 4096 bytes anyway).
    const std::size_t length = std::min<std::size_t>(size - 1, 96U * 1024U);
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        return;
    }
    int buffer = 1 << 20;
    ::setsockopt(ends[1], SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    ::setsockopt(ends[0], SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    std::size_t written = 0;
    while (written < length) {
        const auto sent = ::send(ends[1], data + 1 + written, length - written, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent <= 0) {
            break;
        }
        written += static_cast<std::size_t>(sent);
    }
    ::shutdown(ends[1], SHUT_WR); // the server has said all it says
    ::fcntl(ends[0], F_SETFL, ::fcntl(ends[0], F_GETFL) | O_NONBLOCK);
    {
        probe::detail::Socket socket(ends[0]);
        const probe::detail::Deadline deadline(std::chrono::milliseconds{200});
        const auto result = probe::detail::start_tls(protocol, socket, deadline, "fuzz:25");
        if (!result && result.error().message.size() > 4096) {
            std::abort(); // errors quote at most a short piece of a reply
        }
    }
    ::close(ends[1]);
}

} // namespace certgate::fuzz
