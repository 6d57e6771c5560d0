#pragma once
// Tests that need a real peer (tofu, terraform, PostgreSQL, Chromium, an SMTP
// server, root for a tmpfs) skip with one line where the peer cannot be had.
// CI sets CERTGATE_REQUIRE_PEERS=1 (scripts/test.sh), which turns that skip
// into a failure, so CI always runs them.

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace certgate::testing {

/// KEY=VALUE lines of FILE_NAME (peers.env, tools.env) in the peer cache,
/// $CERTGATE_PEER_CACHE or ~/.cache/certgate-peers, written by the
/// scripts/install-*-peers.sh scripts; empty when there is none.
[[nodiscard]] std::map<std::string, std::string> read_peer_env(const std::string& file_name);

/// True when CERTGATE_REQUIRE_PEERS=1: a missing peer is a failure, not a skip.
[[nodiscard]] bool peers_required();

/// The one line a test prints when a peer is missing: "peer missing: WHAT".
[[nodiscard]] std::string peer_missing_line(const std::string& what);

} // namespace certgate::testing

/// Skips the current test (or fails it when peers are required) unless
/// `available` holds. `what` names the peer and how to get it, in one line.
#define CERTGATE_REQUIRE_PEER(available, what)                                                                         \
    do {                                                                                                               \
        if (!(available)) {                                                                                            \
            if (::certgate::testing::peers_required()) {                                                               \
                FAIL() << ::certgate::testing::peer_missing_line(what) << " (CERTGATE_REQUIRE_PEERS=1)";               \
            }                                                                                                          \
            GTEST_SKIP() << ::certgate::testing::peer_missing_line(what);                                              \
        }                                                                                                              \
    } while (false)
