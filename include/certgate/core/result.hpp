#pragma once
// Errors as values: what could not be evaluated, and where.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace certgate {

/// What kind of failure an Error is; front ends map these to exit codes.
enum class ErrorCode {
    usage,    ///< bad flags, bad query keys, bad configuration values
    input,    ///< an input that could not be read or parsed
    limit,    ///< an input over a stated size or depth limit
    network,  ///< a connection, DNS or TLS failure
    remote,   ///< a remote API answered with an error
    store,    ///< the embedded store could not be read or written
    internal, ///< a bug: an invariant did not hold
};

/// Why something could not be evaluated. `where` is a path, `stdin`,
/// `host:port`, a query key or a JSON pointer; `message` is lowercase and
/// says what was expected.
struct Error {
    ErrorCode code = ErrorCode::input;
    std::string message;
    std::string where;

    /// "<where>: <message>", or just the message when `where` is empty.
    [[nodiscard]] std::string describe() const { return where.empty() ? message : where + ": " + message; }
};

/// Shorthand for building an Error.
inline Error make_error(ErrorCode code, std::string message, std::string where = {})
{
    return Error{code, std::move(message), std::move(where)};
}

/// A value or an Error, shaped like std::expected<T, Error> so that a later
/// switch is mechanical.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}     // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {} // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool has_value() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] T& value() &
    {
        assert(has_value());
        return std::get<0>(m_state);
    }
    [[nodiscard]] const T& value() const&
    {
        assert(has_value());
        return std::get<0>(m_state);
    }
    [[nodiscard]] T&& value() &&
    {
        assert(has_value());
        return std::get<0>(std::move(m_state));
    }
    [[nodiscard]] const Error& error() const
    {
        assert(!has_value());
        return std::get<1>(m_state);
    }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> m_state;
};

/// The Result of an operation that yields nothing but may fail.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {} // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool has_value() const noexcept { return !m_failed; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] const Error& error() const
    {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace certgate
