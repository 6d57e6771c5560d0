#pragma once
// Fuzzes how certgate follows an SMTP dialogue from what libcurl shows it
// (net::SmtpDialogue: server bytes in any chunking, client lines) and how a
// reply is classified. No network: the bytes are fed as libcurl's debug
// callback would. Each byte of a 3-byte frame header says what comes next.
// Shared by the harness (smtp_replies_fuzzer.cpp) and the replay of its kept
// inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/net/smtp_reply.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace certgate::fuzz {

inline void fuzz_smtp_replies(std::string_view input)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const std::size_t size = input.size();
    certgate::net::SmtpDialogue dialogue;
    std::string_view rest{reinterpret_cast<const char*>(data), size};
    while (rest.size() >= 2) {
        const auto kind = static_cast<unsigned char>(rest[0]) % 4;
        const std::size_t length =
            std::min<std::size_t>(static_cast<unsigned char>(rest[1]) * 8U + 1U, rest.size() - 2);
        const std::string_view piece = rest.substr(2, length);
        rest.remove_prefix(2 + length);
        switch (kind) {
        case 0:
        case 1:
            dialogue.server_bytes(piece);
            break;
        case 2:
            dialogue.client_line(piece);
            break;
        default:
            dialogue.body_started();
            break;
        }
        const auto& reply = dialogue.last_reply();
        if (reply) {
            // Bounded, printable, a three-digit code, and classified.
            if (reply->text.size() > 300 || reply->code < 0 || reply->code > 999) {
                std::abort();
            }
            for (const char c : reply->text) {
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    std::abort();
                }
            }
            (void)certgate::net::classify_reply(reply->code);
        }
        // The stage is a known name, never client text (credentials).
        const std::string stage = dialogue.stage();
        if (stage != "the greeting" && stage != "EHLO" && stage != "HELO" && stage != "STARTTLS" && stage != "AUTH" &&
            stage != "MAIL FROM" && stage != "RCPT TO" && stage != "DATA" && stage != "RSET" &&
            stage != "the message") {
            std::abort();
        }
    }
    (void)certgate::net::classify_reply(static_cast<int>(size % 1000));
}

} // namespace certgate::fuzz
