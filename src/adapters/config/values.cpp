#include "values.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace certgate::config::detail {

Result<std::string> read_bounded_file(const std::string& path, std::size_t limit, std::string_view what)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return make_error(ErrorCode::input,
                          "cannot read the " + std::string(what) + ": it is a folder, expected a file", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::string reason = std::strerror(errno);
        if (!reason.empty()) {
            reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        }
        return make_error(ErrorCode::input, "cannot read the " + std::string(what) + ": " + reason, path);
    }
    // Read at most one byte past the limit, so that a huge file (or an endless
    // device) is refused without being read into memory.
    std::string content(limit + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > limit) {
        return make_error(
            ErrorCode::limit,
            "the " + std::string(what) + " is larger than the limit of " + std::to_string(limit) + " bytes", path);
    }
    if (in.bad()) {
        return make_error(ErrorCode::input, "cannot read the " + std::string(what), path);
    }
    content.resize(got);
    return content;
}

Result<int> check_count(long long value)
{
    if (value < 0 || value > k_max_days) {
        return make_error(ErrorCode::usage,
                          "must be between 0 and " + std::to_string(k_max_days) + ", got " + std::to_string(value));
    }
    return static_cast<int>(value);
}

Result<unsigned> parse_weekday(std::string_view text)
{
    static constexpr std::string_view k_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    for (unsigned i = 0; i < 7; ++i) {
        if (text == k_names[i]) {
            return i;
        }
    }
    return make_error(ErrorCode::usage, "invalid weekday \"" + std::string(text.substr(0, 32)) +
                                            "\", expected one of: mon, tue, wed, thu, fri, sat, sun");
}

Result<double> check_percent(double value)
{
    if (!(value > 0.0 && value < 100.0)) {
        return make_error(ErrorCode::usage, "must be greater than 0 and less than 100");
    }
    return value;
}

std::string with_article(std::string_view type_name)
{
    if (type_name == "array" || type_name == "object") {
        return "an " + std::string(type_name);
    }
    if (type_name == "null" || type_name == "boolean") {
        return std::string(type_name);
    }
    return "a " + std::string(type_name);
}

std::string resolve_path(const std::string& path, const std::string& base)
{
    const std::filesystem::path file{path};
    if (base.empty() || file.is_absolute()) {
        return path;
    }
    return (std::filesystem::path{base} / file).lexically_normal().string();
}

} // namespace certgate::config::detail
