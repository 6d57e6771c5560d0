#include "certgate/adapters/huaweicloud/api_model.hpp"

#include "certgate/core/timestamp.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace certgate::huaweicloud {
namespace {

using nlohmann::json;

Error bad_field(const std::string& field, const std::string& why)
{
    return make_error(ErrorCode::remote, "unexpected API response: " + why, field);
}

Result<json> parse_object(std::string_view body)
{
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded()) {
        return make_error(ErrorCode::remote, "unexpected API response: not JSON");
    }
    if (!document.is_object()) {
        return make_error(ErrorCode::remote, "unexpected API response: expected a JSON object");
    }
    return document;
}

// Reads an optional string field; null and absent are "".
Result<std::string> string_field(const json& object, const char* name, const std::string& where)
{
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return std::string();
    }
    if (!found->is_string()) {
        return bad_field(where + name, "expected a string");
    }
    return found->get<std::string>();
}

Result<std::string> certificate_id(const json& object, const std::string& where)
{
    auto id = string_field(object, "id", where);
    if (!id) {
        return id.error();
    }
    const bool valid =
        !id->empty() && id->size() <= k_max_certificate_id && std::all_of(id->begin(), id->end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (!valid) {
        return bad_field(where + "id", "invalid certificate id " + quote_for_message(*id, 80) +
                                           ", expected 1 to 64 letters, digits, - or _");
    }
    return id;
}

// Fills each (field name, target) pair; stops at the first bad one.
Result<void> read_strings(const json& object, const std::string& where,
                          std::initializer_list<std::pair<const char*, std::string*>> fields)
{
    for (const auto& [name, target] : fields) {
        auto value = string_field(object, name, where);
        if (!value) {
            return value.error();
        }
        *target = std::move(*value);
    }
    return {};
}

} // namespace

Result<CertificatePage> parse_certificate_page(std::string_view body)
{
    auto document = parse_object(body);
    if (!document) {
        return document.error();
    }
    CertificatePage page;
    const auto total = document->find("total_count");
    if (total == document->end() || !total->is_number_integer() || total->get<std::int64_t>() < 0) {
        return bad_field("total_count", "expected a count (a non-negative integer)");
    }
    page.total_count = total->get<std::int64_t>();
    const auto items = document->find("certificates");
    if (items == document->end() || !items->is_array()) {
        return bad_field("certificates", "expected an array");
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const json& item = (*items)[i];
        const std::string where = "certificates[" + std::to_string(i) + "].";
        if (!item.is_object()) {
            return bad_field(where.substr(0, where.size() - 1), "expected an object");
        }
        ListedCertificate certificate;
        auto id = certificate_id(item, where);
        if (!id) {
            return id.error();
        }
        certificate.id = std::move(*id);
        auto read = read_strings(item, where,
                                 {{"name", &certificate.name},
                                  {"domain", &certificate.domain},
                                  {"sans", &certificate.sans},
                                  {"status", &certificate.status},
                                  {"expire_time", &certificate.expire_time},
                                  {"type", &certificate.type},
                                  {"signature_algorithm", &certificate.signature_algorithm}});
        if (!read) {
            return read.error();
        }
        page.certificates.push_back(std::move(certificate));
    }
    return page;
}

Result<CertificateDetails> parse_certificate_details(std::string_view body)
{
    auto document = parse_object(body);
    if (!document) {
        return document.error();
    }
    CertificateDetails details;
    auto id = certificate_id(*document, "");
    if (!id) {
        return id.error();
    }
    details.id = std::move(*id);
    auto read = read_strings(*document, "",
                             {{"name", &details.name},
                              {"domain", &details.domain},
                              {"sans", &details.sans},
                              {"status", &details.status},
                              {"not_before", &details.not_before},
                              {"not_after", &details.not_after},
                              {"signature_algorithm", &details.signature_algorithm},
                              {"fingerprint", &details.fingerprint}});
    if (!read) {
        return read.error();
    }
    return details;
}

std::optional<ApiError> parse_api_error(std::string_view body)
{
    json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return std::nullopt;
    }
    // Some gateways nest the error: {"error": {"code", "message"}}.
    if (const auto nested = document.find("error"); nested != document.end() && nested->is_object()) {
        document = *nested;
    }
    const auto text = [&](std::initializer_list<const char*> names) {
        for (const char* name : names) {
            const auto found = document.find(name);
            if (found != document.end() && found->is_string()) {
                return found->get<std::string>();
            }
        }
        return std::string();
    };
    ApiError error;
    error.code = text({"error_code", "code"});
    error.message = text({"error_msg", "message"});
    if (error.code.empty() && error.message.empty()) {
        return std::nullopt;
    }
    const auto clean = [](std::string_view raw, std::size_t limit) {
        std::string quoted = quote_for_message(raw, limit);
        return quoted.substr(1, quoted.size() - 2);
    };
    error.code = clean(error.code, 40);
    error.message = clean(error.message, 300);
    return error;
}

Result<Instant> parse_api_time(std::string_view text, const TimeZone& zoneless)
{
    auto instant = parse_timestamp(text, zoneless, BareDate::refused);
    if (instant) {
        return instant;
    }
    return make_error(ErrorCode::remote, "unexpected API response: invalid time " + quote_for_message(text, 40) +
                                             ", expected RFC 3339, \"YYYY-MM-DD HH:MM:SS.S\" or epoch milliseconds");
}

} // namespace certgate::huaweicloud
