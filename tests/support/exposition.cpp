#include "support/exposition.hpp"

#include "certgate/report/fields.hpp"

#include <cctype>
#include <cstdlib>
#include <set>

namespace certgate::testing {
namespace {

using report::valid_utf8;

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; without ':' for label names.
// (No std::regex: g++ 12 warns inside it under the sanitizer build.)
bool identifier(const std::string& name, bool colon)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) {
        return false;
    }
    for (const char c : name) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && !(c >= '0' && c <= '9') && c != '_' && !(colon && c == ':')) {
            return false;
        }
    }
    return true;
}

bool metric_name(const std::string& name)
{
    return identifier(name, true);
}

// A Go ParseFloat-style value as Prometheus writes it: decimal, exponent, NaN, +Inf, -Inf.
bool float_value(const std::string& value)
{
    if (value == "NaN" || value == "+Inf" || value == "-Inf") {
        return true;
    }
    if (value.empty() || value.find_first_not_of("0123456789+-.eE") != std::string::npos ||
        value.find_first_of("0123456789") == std::string::npos) {
        return false;
    }
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    return end == value.c_str() + value.size();
}

// A strict parser of the Prometheus text exposition format 0.0.4: HELP and
// TYPE at most once per family and before its samples, families contiguous,
// label values with only \\ \" \n escapes, no duplicate series, values that
// are floats, every line ended by '\n'.
} // namespace

Parsed parse_exposition(const std::string& text)
{
    Parsed parsed;
    const auto fail = [&parsed](std::size_t line, const std::string& why) {
        if (parsed.error.empty()) {
            parsed.error = "line " + std::to_string(line) + ": " + why;
        }
    };
    if (!text.empty() && text.back() != '\n') {
        fail(0, "text does not end with a line feed");
    }
    if (valid_utf8(text) != text) {
        fail(0, "invalid UTF-8");
    }
    std::set<std::string> finished_families;
    std::string current_family;
    std::set<std::string> series;
    std::size_t start = 0;
    std::size_t number = 0;
    const auto enter_family = [&](const std::string& name, std::size_t line) {
        if (name == current_family) {
            return;
        }
        if (finished_families.count(name) != 0) {
            fail(line, "metric family " + name + " is not contiguous");
        }
        if (!current_family.empty()) {
            finished_families.insert(current_family);
        }
        current_family = name;
    };
    while (start < text.size()) {
        ++number;
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        start = end == std::string::npos ? text.size() : end + 1;
        if (line.empty()) {
            continue;
        }
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
            const bool is_help = line[2] == 'H';
            const std::string rest = line.substr(7);
            const std::size_t space = rest.find(' ');
            const std::string name = rest.substr(0, space);
            const std::string value = space == std::string::npos ? "" : rest.substr(space + 1);
            if (!metric_name(name)) {
                fail(number, "bad metric name \"" + name + "\"");
            }
            enter_family(name, number);
            auto& table = is_help ? parsed.help : parsed.types;
            if (table.count(name) != 0) {
                fail(number, std::string(is_help ? "HELP" : "TYPE") + " repeated for " + name);
            }
            if (!is_help) {
                static const std::set<std::string> k_types{"counter", "gauge", "histogram", "summary", "untyped"};
                if (k_types.count(value) == 0) {
                    fail(number, "bad type \"" + value + "\"");
                }
                for (const Sample& sample : parsed.samples) {
                    if (sample.name == name) {
                        fail(number, "TYPE after samples of " + name);
                    }
                }
            }
            for (std::size_t i = 0; is_help && i < value.size(); ++i) {
                if (value[i] == '\\' && (i + 1 == value.size() || (value[i + 1] != '\\' && value[i + 1] != 'n'))) {
                    fail(number, "bad escape in HELP");
                }
                i += value[i] == '\\' ? 1U : 0U;
            }
            table[name] = value;
            continue;
        }
        if (line[0] == '#') {
            continue; // a comment
        }
        Sample sample;
        std::size_t at = 0;
        while (at < line.size() && line[at] != '{' && line[at] != ' ') {
            ++at;
        }
        sample.name = line.substr(0, at);
        if (!metric_name(sample.name)) {
            fail(number, "bad metric name \"" + sample.name + "\"");
        }
        enter_family(sample.name, number);
        std::string canonical = sample.name + "{";
        if (at < line.size() && line[at] == '{') {
            ++at;
            while (at < line.size() && line[at] != '}') {
                const std::size_t equals = line.find('=', at);
                if (equals == std::string::npos) {
                    fail(number, "label without '='");
                    break;
                }
                const std::string label = line.substr(at, equals - at);
                if (!identifier(label, false) || label.rfind("__", 0) == 0) {
                    fail(number, "bad label name \"" + label + "\"");
                }
                at = equals + 1;
                if (at >= line.size() || line[at] != '"') {
                    fail(number, "label value not quoted");
                    break;
                }
                ++at;
                std::string value;
                bool closed = false;
                while (at < line.size()) {
                    const char c = line[at++];
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\') {
                        const char next = at < line.size() ? line[at++] : '\0';
                        if (next == '\\' || next == '"') {
                            value.push_back(next);
                        } else if (next == 'n') {
                            value.push_back('\n');
                        } else {
                            fail(number, "bad escape in label value");
                        }
                    } else {
                        value.push_back(c);
                    }
                }
                if (!closed) {
                    fail(number, "unterminated label value");
                    break;
                }
                if (sample.labels.count(label) != 0) {
                    fail(number, "label " + label + " repeated");
                }
                sample.labels[label] = value;
                if (at < line.size() && line[at] == ',') {
                    ++at;
                } else if (at < line.size() && line[at] != '}') {
                    fail(number, "expected ',' or '}' after a label");
                    break;
                }
            }
            if (at >= line.size() || line[at] != '}') {
                fail(number, "labels not closed");
                continue;
            }
            ++at;
        }
        for (const auto& [label, value] : sample.labels) {
            canonical += label + "=" + value + "\x1f";
        }
        if (!series.insert(canonical).second) {
            fail(number, "duplicate series " + canonical);
        }
        if (at >= line.size() || line[at] != ' ') {
            fail(number, "no value");
            continue;
        }
        const std::string value = line.substr(at + 1);
        if (!float_value(value)) {
            fail(number, "bad value \"" + value + "\"");
            continue;
        }
        sample.value = std::stod(value);
        parsed.samples.push_back(sample);
    }
    return parsed;
}

} // namespace certgate::testing
