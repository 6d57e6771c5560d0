// gRPC, protobuf and their dependencies are linked into the provider alone:
// certgate and certgate-external start as fast as before issue 16.
#include "e2e/provider_protocol/plugin_process.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace certgate::testing {
namespace {

std::vector<std::string> needed_libraries(const std::string& program)
{
    const ProcessResult result = run_process({"/usr/bin/readelf", "-d", program});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> needed;
    static const std::regex k_needed(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])");
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_search(line, match, k_needed)) {
            needed.push_back(match[1]);
        }
    }
    return needed;
}

bool is_rpc_library(const std::string& library)
{
    static const std::regex k_rpc(R"(^lib(grpc|gpr|protobuf|upb|absl|address_sorting|re2|cares)[^/]*\.so)");
    return std::regex_search(library, k_rpc);
}

TEST(ProviderLinking, OnlyThePluginNeedsGrpcAndProtobuf)
{
    for (const std::string& program : {certgate_program(), external_program()}) {
        const auto needed = needed_libraries(program);
        EXPECT_FALSE(needed.empty()) << program;
        for (const auto& library : needed) {
            EXPECT_FALSE(is_rpc_library(library)) << program << " needs " << library;
        }
    }
    // The check sees such libraries where they are.
    const auto plugin = needed_libraries(echo_provider_program());
    EXPECT_TRUE(std::any_of(plugin.begin(), plugin.end(), is_rpc_library));
}

} // namespace
} // namespace certgate::testing
