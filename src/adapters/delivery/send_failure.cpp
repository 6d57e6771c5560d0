#include "certgate/adapters/delivery/send_failure.hpp"
#include "certgate/core/hex.hpp"

#include "certgate/adapters/net/transfer.hpp"

namespace certgate::delivery {

bool is_permanent_failure(const Error& error)
{
    return error.code == ErrorCode::remote || error.code == ErrorCode::input;
}

std::string describe_endpoint(const std::string& url)
{
    return net::safe_endpoint(url);
}

std::string printable_line(std::string_view line)
{
    std::string printable;
    printable.reserve(line.size());
    for (const char c : line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            printable += "\\x";
            append_hex(printable, byte);
        } else {
            printable.push_back(c);
        }
    }
    return printable;
}

} // namespace certgate::delivery
