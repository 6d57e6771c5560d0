#pragma once
// Fuzzes the handling of webhook (and every HTTP) answer: the header lines
// and body chunks libcurl hands to net::ResponseCollector under a byte cap,
// and the classification of the status. Frames: a kind byte, a length byte,
// then that many bytes (header line, body chunk or status digits).
// Shared by the harness (webhook_responses_fuzzer.cpp) and the replay of its kept
// inputs in the normal suite (tests/unit/app/fuzz_regressions_test.cpp).

#include "certgate/adapters/delivery/webhook.hpp"
#include "certgate/adapters/net/response_collector.hpp"
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace certgate::fuzz {

inline void fuzz_webhook_responses(std::string_view input)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    const std::size_t size = input.size();
    if (size < 2) {
        return;
    }
    const std::size_t cap = (static_cast<std::size_t>(data[0]) << 8U | data[1]) + 1U;
    certgate::net::ResponseCollector collector(cap);
    std::string_view rest{reinterpret_cast<const char*>(data) + 2, size - 2};
    while (rest.size() >= 2) {
        const auto kind = static_cast<unsigned char>(rest[0]) % 3;
        const std::size_t length = std::min<std::size_t>(static_cast<unsigned char>(rest[1]) * 4U, rest.size() - 2);
        const std::string_view piece = rest.substr(2, length);
        rest.remove_prefix(2 + length);
        bool more = true;
        if (kind == 0) {
            more = collector.header_line(piece);
        } else if (kind == 1) {
            more = collector.body_bytes(piece);
        } else {
            long status = 0;
            std::from_chars(piece.data(), piece.data() + piece.size(), status);
            const auto verdict = certgate::delivery::classify_webhook_status(status);
            if ((verdict == certgate::delivery::WebhookStatus::sent) != (status >= 200 && status <= 299)) {
                std::abort();
            }
        }
        // Past the cap the transfer stops; before it nothing is lost.
        if (more == collector.over_cap() || (!collector.over_cap() && collector.received() > cap)) {
            std::abort();
        }
        if (!more) {
            break;
        }
    }
    const std::size_t received = collector.received();
    if (collector.take_body().size() > received) {
        std::abort();
    }
    for (const auto& [name, value] : collector.headers()) {
        if (name.empty() || name.find(':') != std::string::npos) {
            std::abort();
        }
        (void)value;
    }
}

} // namespace certgate::fuzz
