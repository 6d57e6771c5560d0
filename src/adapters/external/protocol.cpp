#include "certgate/adapters/external/protocol.hpp"

#include "certgate/core/json_syntax.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>

namespace certgate::external {

namespace {

using nlohmann::json;

constexpr std::string_view k_expected = "expected one JSON object whose values are strings, as Terraform's "
                                        "data \"external\" query sends it";

// Collects the query and stops at the first value that is not a string.
// Values are never put into messages: a query may carry a private key.
class QuerySax {
public:
    explicit QuerySax(std::string_view text) : m_text(text) {}

    bool null() { return reject("null"); }
    bool boolean(bool) { return reject("a boolean"); }
    bool number_integer(json::number_integer_t) { return reject("a number"); }
    bool number_unsigned(json::number_unsigned_t) { return reject("a number"); }
    bool number_float(json::number_float_t, const std::string&) { return reject("a number"); }
    bool binary(json::binary_t&) { return reject("binary data"); }
    bool start_array(std::size_t) { return reject("a list"); }
    bool end_array() { return false; }

    bool string(std::string& value)
    {
        if (m_depth != 1) {
            return reject("a string");
        }
        m_values[m_key] = std::move(value);
        return true;
    }
    bool start_object(std::size_t)
    {
        if (m_depth != 0) {
            return reject("an object");
        }
        m_depth = 1;
        return true;
    }
    bool key(std::string& name)
    {
        if (m_values.count(name) != 0) {
            m_error = make_error(ErrorCode::usage,
                                 "duplicate key: the query may name each key once; remove the repeated one", name);
            return false;
        }
        m_key = std::move(name);
        return true;
    }
    bool end_object()
    {
        m_depth = 0;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const json::exception& exception)
    {
        if (!m_error) {
            // nlohmann counts the bytes it read, the offending one included.
            const std::size_t byte = position == 0 ? 0 : position - 1;
            m_error =
                make_error(ErrorCode::input,
                           json_syntax_error(json_position_in(m_text, byte), json_parse_reason(exception.what())) +
                               "; " + std::string(k_expected),
                           "stdin");
        }
        return false;
    }

    [[nodiscard]] const std::optional<Error>& error() const { return m_error; }
    [[nodiscard]] StringMap take() { return std::move(m_values); }

private:
    bool reject(std::string_view what)
    {
        if (m_depth == 0) {
            m_error = make_error(ErrorCode::input, "the query is " + std::string(what) + ", " + std::string(k_expected),
                                 "stdin");
        } else {
            m_error = make_error(ErrorCode::usage,
                                 "the value is " + std::string(what) +
                                     ", expected a string (Terraform sends every query value as a string)",
                                 m_key);
        }
        return false;
    }

    std::string_view m_text;
    StringMap m_values;
    std::string m_key;
    int m_depth = 0;
    std::optional<Error> m_error;
};

} // namespace

Result<std::string> read_query_text(std::istream& in, std::size_t max_bytes)
{
    std::string text;
    std::array<char, 65536> buffer{};
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto count = static_cast<std::size_t>(in.gcount());
        if (count == 0) {
            break;
        }
        if (text.size() + count > max_bytes) {
            return make_error(ErrorCode::limit,
                              "query larger than " + std::to_string(max_bytes) +
                                  " bytes refused; pass large certificates by path with certificate_file",
                              "stdin");
        }
        text.append(buffer.data(), count);
    }
    if (in.bad()) {
        return make_error(ErrorCode::input, "could not read the query", "stdin");
    }
    return text;
}

Result<StringMap> parse_query(std::string_view text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return make_error(ErrorCode::input, "empty query; " + std::string(k_expected) + " ({} when empty)", "stdin");
    }
    if (text.starts_with("\xEF\xBB\xBF")) {
        return make_error(ErrorCode::input, "a UTF-8 byte order mark precedes the JSON; " + std::string(k_expected),
                          "stdin");
    }
    QuerySax sax{text};
    bool parsed = false;
    try {
        parsed = json::sax_parse(text, &sax, json::input_format_t::json, true);
    } catch (const std::exception&) {
        parsed = false;
    }
    if (!parsed || sax.error()) {
        if (sax.error()) {
            return *sax.error();
        }
        return make_error(ErrorCode::input, "invalid JSON; " + std::string(k_expected), "stdin");
    }
    return sax.take();
}

std::string write_result(const StringMap& result)
{
    json object = json::object();
    for (const auto& [key, value] : result) {
        object[key] = value;
    }
    return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace certgate::external
