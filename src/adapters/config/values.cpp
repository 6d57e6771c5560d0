#include "values.hpp"

#include "certgate/adapters/files/input_files.hpp"

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
    // The one bounded reader: regular files only, so a FIFO named as a
    // policy or holidays file is refused instead of waited on forever.
    auto content = files::read_file(path, limit);
    if (!content) {
        if (content.error().code == ErrorCode::limit) {
            return make_error(
                ErrorCode::limit,
                "the " + std::string(what) + " is larger than the limit of " + std::to_string(limit) + " bytes", path);
        }
        return make_error(ErrorCode::input, "cannot read the " + std::string(what) + ": " + content.error().message,
                          path);
    }
    return std::move(content).value();
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
    return make_error(ErrorCode::usage, "invalid weekday, expected one of: mon, tue, wed, thu, fri, sat, sun");
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
