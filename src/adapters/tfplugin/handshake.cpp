#include "handshake.hpp"

#include "certgate/adapters/x509/certificate_reader.hpp"

#include <charconv>

namespace certgate::tfplugin::detail {
namespace {

Error refuse(const std::string& message)
{
    return make_error(ErrorCode::usage, "certgate: error: " + message);
}

Result<std::uint16_t> port_of(const std::optional<std::string>& text, const char* name)
{
    if (!text || text->empty()) {
        return std::uint16_t{0};
    }
    unsigned value = 0;
    const char* end = text->data() + text->size();
    auto [stop, failure] = std::from_chars(text->data(), end, value);
    if (failure != std::errc{} || stop != end || value > 65535) {
        return refuse(std::string(name) + ": expected a port number from 0 to 65535");
    }
    return static_cast<std::uint16_t>(value);
}

bool offers_protocol_6(std::string_view list)
{
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (item == "6") {
            return true;
        }
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return false;
}

} // namespace

Result<StartPlan> plan_start(const PluginEnvironment& environment)
{
    if (!environment.magic_cookie || *environment.magic_cookie != k_magic_cookie) {
        return refuse("terraform-provider-certgate is a Terraform provider plugin: it is started by terraform or "
                      "tofu (declare certgate/certgate in required_providers and run terraform init), not run by hand");
    }
    // A host that sends no list is a legacy go-plugin client: it gets the
    // one protocol this plugin speaks, as go-plugin answers such hosts.
    if (environment.protocol_versions && !offers_protocol_6(*environment.protocol_versions)) {
        return refuse("PLUGIN_PROTOCOL_VERSIONS: the host does not offer plugin protocol 6, the only one this "
                      "provider speaks (Terraform 1.0 or later, any OpenTofu)");
    }
    StartPlan plan;
    auto min_port = port_of(environment.min_port, "PLUGIN_MIN_PORT");
    if (!min_port) {
        return min_port.error();
    }
    auto max_port = port_of(environment.max_port, "PLUGIN_MAX_PORT");
    if (!max_port) {
        return max_port.error();
    }
    plan.min_port = min_port.value();
    plan.max_port = max_port.value();
    if (plan.min_port > plan.max_port) {
        return refuse("PLUGIN_MIN_PORT is greater than PLUGIN_MAX_PORT");
    }
    if (environment.client_certificate && !environment.client_certificate->empty()) {
        auto bundle = x509::read_pem(*environment.client_certificate, "PLUGIN_CLIENT_CERT");
        if (!bundle || bundle->certificates.empty()) {
            return refuse("PLUGIN_CLIENT_CERT: expected the host's certificate in PEM form");
        }
        plan.client_certificate_pem = *environment.client_certificate;
    }
    return plan;
}

std::string handshake_line(std::uint16_t port, std::string_view certificate_der)
{
    return "1|6|tcp|127.0.0.1:" + std::to_string(port) + "|grpc|" + base64_unpadded(certificate_der);
}

std::string base64_unpadded(std::string_view bytes)
{
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const auto triple = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                            (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                            static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
        out += k_alphabet[(triple >> 18) & 63];
        out += k_alphabet[(triple >> 12) & 63];
        out += k_alphabet[(triple >> 6) & 63];
        out += k_alphabet[triple & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned triple = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) {
            triple |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        }
        out += k_alphabet[(triple >> 18) & 63];
        out += k_alphabet[(triple >> 12) & 63];
        if (rest == 2) {
            out += k_alphabet[(triple >> 6) & 63];
        }
    }
    return out;
}

} // namespace certgate::tfplugin::detail
