#pragma once
// A strict parser of the Prometheus text exposition format 0.0.4, for tests of
// `check --format prometheus` and the console's /metrics.

#include <map>
#include <string>
#include <vector>

namespace certgate::testing {

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels; // unescaped
    double value = 0;
};

struct Parsed {
    std::vector<Sample> samples;
    std::map<std::string, std::string> types;
    std::map<std::string, std::string> help;
    std::string error; ///< "" when the text is valid exposition format
};

/// HELP and TYPE at most once per family and before its samples, families
/// contiguous, label values with only \\ \" \n escapes, no duplicate series,
/// values that are floats, every line ended by '\n'.
[[nodiscard]] Parsed parse_exposition(const std::string& text);

} // namespace certgate::testing
