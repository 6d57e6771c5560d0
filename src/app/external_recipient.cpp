// certgate-external recipient: a message recipient and its contacts.

#include "certgate/app/external_recipient.hpp"

#include "certgate/adapters/external/json_values.hpp"
#include "certgate/core/channel.hpp"
#include "certgate/core/sha256.hpp"
#include "external_kinds.hpp"

#include <algorithm>

namespace certgate::app {

namespace {

bool is_ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return "";
    }
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

Error email_error(const std::string& what)
{
    return make_error(ErrorCode::usage, "invalid e-mail address: " + what + "; expected name@example.com", "email");
}

bool valid_domain_label(std::string_view label)
{
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           std::all_of(label.begin(), label.end(), [](char c) { return is_ascii_alnum(c) || c == '-'; });
}

} // namespace

Result<std::string> normalise_email(std::string_view text)
{
    std::string address = trimmed(text);
    if (address.empty()) {
        return email_error("empty");
    }
    if (std::any_of(address.begin(), address.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return email_error("non-ASCII characters (write an internationalised domain in punycode, xn--…)");
    }
    if (address.size() > 254) {
        return email_error("longer than 254 characters");
    }
    const auto at = address.find('@');
    if (at == std::string::npos || address.find('@', at + 1) != std::string::npos) {
        return email_error("it must hold exactly one \"@\"");
    }
    const std::string_view local = std::string_view(address).substr(0, at);
    const std::string_view domain = std::string_view(address).substr(at + 1);
    static constexpr std::string_view k_local_specials = "!#$%&'*+/=?^_`{|}~-.";
    if (local.empty() || local.size() > 64) {
        return email_error("the part before \"@\" must have 1 to 64 characters");
    }
    if (!std::all_of(local.begin(), local.end(),
                     [](char c) { return is_ascii_alnum(c) || k_local_specials.find(c) != std::string_view::npos; })) {
        return email_error("the part before \"@\" holds a character that is not allowed");
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return email_error("misplaced \".\" before \"@\"");
    }
    std::size_t labels = 0;
    std::string_view last_label;
    for (std::size_t start = 0;;) {
        const auto dot = domain.find('.', start);
        const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!valid_domain_label(label)) {
            return email_error("the domain must be dot-separated labels of letters, digits and inner hyphens");
        }
        ++labels;
        last_label = label;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    const bool alphabetic_tld =
        std::all_of(last_label.begin(), last_label.end(), [](char c) { return !(c >= '0' && c <= '9'); });
    if (labels < 2 || last_label.size() < 2 || !(alphabetic_tld || last_label.starts_with("xn--"))) {
        return email_error("the domain needs a top-level domain such as .com");
    }
    std::transform(address.begin(), address.end(), address.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return address;
}

Result<std::string> normalise_mobile(std::string_view text)
{
    std::string number;
    for (const char c : text) {
        if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\t') {
            continue;
        }
        number.push_back(c);
    }
    const auto invalid = [](const std::string& what) {
        return make_error(ErrorCode::usage,
                          "invalid mobile number: " + what +
                              "; expected E.164 with the country code, such as +86 138 0013 8000",
                          "mobile");
    };
    if (number.empty()) {
        return invalid("empty");
    }
    if (number.starts_with("00")) {
        return invalid("write the international prefix 00 as \"+\"");
    }
    if (number.front() != '+') {
        return invalid("the country code is missing (start with \"+\")");
    }
    const std::string_view digits = std::string_view(number).substr(1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return invalid("only digits may follow \"+\" (spaces, dashes and brackets are removed)");
    }
    if (digits.empty() || digits.front() == '0') {
        return invalid("a country code never starts with 0");
    }
    if (digits.size() < 7 || digits.size() > 15) {
        return invalid("E.164 numbers have 7 to 15 digits, this one has " + std::to_string(digits.size()));
    }
    return number;
}

std::string contacts_text(const RecipientContacts& contacts)
{
    return "email=" + contacts.email + "\nmobile=" + contacts.mobile;
}

std::optional<RecipientContacts> parse_contacts_text(std::string_view text)
{
    constexpr std::string_view k_email = "email=";
    constexpr std::string_view k_mobile = "\nmobile=";
    const auto mobile = text.find(k_mobile);
    if (!text.starts_with(k_email) || mobile == std::string_view::npos ||
        text.find('\n', mobile + k_mobile.size()) != std::string_view::npos) {
        return std::nullopt;
    }
    return RecipientContacts{std::string(text.substr(k_email.size(), mobile - k_email.size())),
                             std::string(text.substr(mobile + k_mobile.size()))};
}

std::string recipient_id(const RecipientContacts& contacts)
{
    return "rcpt-" + sha256_hex(contacts_text(contacts)).substr(0, 16);
}

bool is_recipient_id(std::string_view text)
{
    return text.size() == 21 && text.starts_with("rcpt-") && std::all_of(text.begin() + 5, text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

namespace external_kind {

namespace {

using namespace external_support;

Result<std::vector<std::string>> choices_of(const std::string& text, const std::string& key,
                                            const std::vector<std::string>& allowed)
{
    auto items = split_list(text, key);
    if (!items) {
        return items.error();
    }
    std::vector<std::string> chosen;
    for (const std::string& item : *items) {
        if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
            std::string expected;
            for (const std::string& name : allowed) {
                expected += (expected.empty() ? "" : ", ") + name;
            }
            return make_error(ErrorCode::usage,
                              "unknown value \"" + item.substr(0, 64) + "\", expected one of: " + expected, key);
        }
    }
    // Canonical order, so the result does not depend on how the list was written.
    for (const std::string& name : allowed) {
        if (std::find(items->begin(), items->end(), name) != items->end()) {
            chosen.push_back(name);
        }
    }
    return chosen;
}

} // namespace

Result<Output> answer_recipient(const Query& query, const ExternalEnvironment& environment)
{
    if (auto known = check_keys(query, {"name", "email", "mobile", "channels", "categories"}); !known) {
        return known.error();
    }
    const std::string name = value_of(query, "name").value_or("");
    if (auto valid = check_display_text(name, "name", 64); !valid) {
        return valid.error();
    }
    RecipientContacts contacts;
    if (const auto email = value_of(query, "email"); email && !email->empty()) {
        auto normalised = normalise_email(*email);
        if (!normalised) {
            return normalised.error();
        }
        contacts.email = *normalised;
    }
    if (const auto mobile = value_of(query, "mobile"); mobile && !mobile->empty()) {
        auto normalised = normalise_mobile(*mobile);
        if (!normalised) {
            return normalised.error();
        }
        contacts.mobile = *normalised;
    }
    if (contacts.email.empty() && contacts.mobile.empty()) {
        return make_error(ErrorCode::usage, "missing: give email and/or mobile (E.164, such as +8613800138000)",
                          "email");
    }
    std::vector<std::string> channels;
    if (const auto text = value_of(query, "channels")) {
        auto chosen = choices_of(*text, "channels",
                                 {std::string(to_string(Channel::email)), std::string(to_string(Channel::sms))});
        if (!chosen) {
            return chosen.error();
        }
        channels = *chosen;
        for (const std::string& channel : channels) {
            if (parse_channel(channel) == Channel::email && contacts.email.empty()) {
                return make_error(ErrorCode::usage, "the email channel needs an email address; add email", "channels");
            }
            if (parse_channel(channel) == Channel::sms && contacts.mobile.empty()) {
                return make_error(ErrorCode::usage, "the sms channel needs a mobile number; add mobile", "channels");
            }
        }
    } else {
        if (!contacts.email.empty()) {
            channels.emplace_back(to_string(Channel::email));
        }
        if (!contacts.mobile.empty()) {
            channels.emplace_back(to_string(Channel::sms));
        }
    }
    std::vector<std::string> categories{"certificate-expiration"};
    if (const auto text = value_of(query, "categories")) {
        auto chosen = choices_of(*text, "categories", {"certificate-expiration", "certificate-expired"});
        if (!chosen) {
            return chosen.error();
        }
        categories = *chosen;
    }

    const std::string id = recipient_id(contacts);
    std::string verification = "unknown";
    auto state = state_of(environment);
    if (!state) {
        return state.error();
    }
    if (*state) {
        auto verified = (*state)->recipient_verified(id);
        if (!verified) {
            return make_error(verified.error().code, verified.error().describe(), "CERTGATE_STORE");
        }
        verification = *verified ? "verified" : "pending";
    }

    Output output;
    output["id"] = id;
    output["name"] = name;
    output["email"] = contacts.email;
    output["mobile"] = contacts.mobile;
    output["channels"] = external::encode_string_list(channels);
    output["categories"] = external::encode_string_list(categories);
    output["verification"] = verification;
    return output;
}

} // namespace external_kind

} // namespace certgate::app
