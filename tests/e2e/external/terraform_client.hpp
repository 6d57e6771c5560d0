#pragma once
// Runs a program the way hashicorp/external v2.4.0 does for a data "external"
// block (shared/reference/terraform.md section 1): argv without "" elements,
// the query marshalled by Go's json.Marshal (compact, keys sorted, <>& as
// \u003c \u003e \u0026, no trailing newline, {} when empty, null values
// dropped), the working directory, stdout and stderr captured, the exit code,
// and stdout decoded as Go's json.Unmarshal into map[string]string would.

#include "support/process.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace certgate::testing::terraform {

/// A value of an HCL query (as @cdktf/hcl2json prints it) after Terraform's
/// conversion to the provider's map(string): null stays null (dropped when
/// marshalled), bools become "true"/"false", numbers cty's decimal text:
/// never an exponent (1e20 is "100000000000000000000", 1e-7 "0.0000001"), as
/// the real tofu and terraform print them (tests/e2e/terraform_real).
inline std::optional<std::string> terraform_string(const nlohmann::json& value)
{
    if (value.is_null()) {
        return std::nullopt;
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number_float()) {
        // The shortest text that reads back as the same double, in fixed notation.
        char buffer[400];
        const auto written =
            std::to_chars(buffer, buffer + sizeof buffer, value.get<double>(), std::chars_format::fixed);
        return std::string(buffer, written.ptr);
    }
    return value.dump();
}

/// A query as written in HCL: a null value is dropped before marshalling.
using Query = std::map<std::string, std::optional<std::string>>;

/// Go's encoding/json string escaping with SetEscapeHTML(true) (the default).
inline std::string go_quote(const std::string& text)
{
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        switch (byte) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '<':
        case '>':
        case '&':
            out += "\\u00";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xF];
            continue;
        default:
            break;
        }
        if (byte < 0x20) {
            out += "\\u00";
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xF];
        } else if (byte == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
            out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out.push_back(static_cast<char>(byte));
        }
    }
    return out + "\"";
}

/// json.Marshal(map[string]string): keys sorted bytewise, compact, no newline.
inline std::string go_marshal(const Query& query)
{
    std::string out = "{";
    for (const auto& [key, value] : query) { // std::map<std::string> orders bytewise, as Go sorts keys
        if (!value) {
            continue;
        }
        if (out.size() > 1) {
            out += ",";
        }
        out += go_quote(key) + ":" + go_quote(*value);
    }
    return out + "}";
}

/// What Terraform makes of one read.
struct Read {
    bool ok = false;
    std::string summary;                       ///< diagnostic summary when !ok
    std::string detail;                        ///< diagnostic detail when !ok
    std::map<std::string, std::string> result; ///< the data source's `result`
    bool all_values_json_strings = false;      ///< stricter than Go: no null values either
    ProcessResult process;
    std::string stdin_bytes;
};

/// Runs `program` (argv; "" elements dropped) with `query` in `working_dir`.
inline Read read_data_source(std::vector<std::string> program, const Query& query, const std::string& working_dir = "",
                             const std::map<std::string, std::string>& environment = {},
                             const std::vector<std::string>& unset_environment = {})
{
    Read read;
    std::erase(program, std::string());
    if (program.empty()) {
        read.summary = "External Program Missing";
        return read;
    }
    read.stdin_bytes = go_marshal(query);
    ProcessOptions options;
    options.stdin_text = read.stdin_bytes;
    options.working_directory = working_dir;
    options.environment = environment;
    options.unset_environment = unset_environment;
    read.process = run_process(program, options);
    if (read.process.exit_code != 0) {
        read.summary = "External Program Execution Failed";
        const std::string state = read.process.signal != 0 ? "signal: " + std::to_string(read.process.signal)
                                                           : "exit status " + std::to_string(read.process.exit_code);
        read.detail =
            read.process.err.empty()
                ? "The program was executed, however it returned no additional error messaging.\n\nState: " + state
                : "Program: " + program.front() + "\nError Message: " + read.process.err + "\nState: " + state;
        return read;
    }
    // json.Unmarshal(out, &map[string]string{}).
    nlohmann::json decoded;
    try {
        decoded = nlohmann::json::parse(read.process.out);
    } catch (const nlohmann::json::exception& exception) {
        read.summary = "Unexpected External Program Results";
        read.detail = exception.what();
        return read;
    }
    if (decoded.is_null()) {
        read.ok = true;
        read.all_values_json_strings = false;
        return read;
    }
    if (!decoded.is_object()) {
        read.summary = "Unexpected External Program Results";
        read.detail =
            std::string("json: cannot unmarshal ") + decoded.type_name() + " into Go value of type map[string]string";
        return read;
    }
    read.all_values_json_strings = true;
    for (const auto& [key, value] : decoded.items()) {
        if (value.is_null()) {
            read.result[key] = "";
            read.all_values_json_strings = false;
        } else if (value.is_string()) {
            read.result[key] = value.get<std::string>();
        } else {
            read.summary = "Unexpected External Program Results";
            read.detail = std::string("json: cannot unmarshal ") + (value.is_number() ? "number" : value.type_name()) +
                          " into Go value of type string";
            read.result.clear();
            return read;
        }
    }
    read.ok = true;
    return read;
}

/// Runs the built certgate-external KIND.
inline Read read_external(const std::string& kind, const Query& query, const std::string& working_dir = "",
                          const std::map<std::string, std::string>& environment = {})
{
    return read_data_source({external_program(), kind}, query, working_dir, environment,
                            {"CERTGATE_NOW", "CERTGATE_STORE"});
}

} // namespace certgate::testing::terraform
