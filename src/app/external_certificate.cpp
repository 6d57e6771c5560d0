// certgate-external certificate: a certificate declared by PEM/DER text or file.

#include "certgate/adapters/external/json_values.hpp"
#include "certgate/adapters/x509/certificate_reader.hpp"
#include "external_kinds.hpp"

namespace certgate::app::external_kind {

namespace {

using namespace external_support;

// Certificates, chains and keys given by path; far above any real bundle.
constexpr std::uintmax_t k_max_file_bytes = 4ULL * 1024 * 1024;

std::vector<std::string> certificate_keys()
{
    std::vector<std::string> keys{
        "certificate", "certificate_file",       "certificate_chain",    "certificate_chain_file",
        "private_key", "private_key_file",       "private_key_password", "name",
        "status",      "expiration_notification"};
    for (std::string& key : policy_keys()) {
        keys.push_back(std::move(key));
    }
    return keys;
}

// Inline text or a file: exactly one of `key` and `key_file` (when `required`).
Result<std::optional<std::string>> text_or_file(const Query& query, const std::string& key, bool required,
                                                const ExternalEnvironment& environment)
{
    const std::string file_key = key + "_file";
    const auto inline_text = value_of(query, key);
    const auto path = value_of(query, file_key);
    if (inline_text && path) {
        return make_error(ErrorCode::usage, "give either " + key + " or " + file_key + ", not both", file_key);
    }
    if (path) {
        auto content = read_query_file(*path, file_key, environment, k_max_file_bytes);
        if (!content) {
            return content.error();
        }
        return std::optional<std::string>{std::move(content).value()};
    }
    if (inline_text) {
        if (inline_text->empty()) {
            return make_error(ErrorCode::usage, "empty value; give the PEM text or use " + file_key, key);
        }
        return inline_text;
    }
    if (required) {
        return make_error(ErrorCode::usage,
                          "missing: give the certificate as PEM text in \"certificate\" or its path in "
                          "\"certificate_file\"",
                          key);
    }
    return std::optional<std::string>{};
}

// An adapter error re-addressed to the query key `key` (the adapter was given
// `key` as its `where`, so a leading "key: " is dropped).
Error reframe(const Error& error, const std::string& key)
{
    std::string text = error.describe();
    if (text.starts_with(key + ": ")) {
        text.erase(0, key.size() + 2);
    }
    return make_error(error.code, std::move(text), key);
}

Result<x509::Bundle> read_bundle(const std::string& content, const std::string& key)
{
    auto bundle = x509::read_certificates(content, key);
    if (!bundle) {
        return reframe(bundle.error(), key);
    }
    if (bundle->certificates.empty()) {
        return make_error(ErrorCode::input, "no certificate found; expected a PEM CERTIFICATE block or DER", key);
    }
    return bundle;
}

} // namespace

Result<Output> answer_certificate(const Query& query, const ExternalEnvironment& environment)
{
    if (auto known = check_keys(query, certificate_keys()); !known) {
        return known.error();
    }
    auto inputs = declared_inputs_of(query, environment, false, "expiration_notification");
    if (!inputs) {
        return inputs.error();
    }

    auto certificate_text = text_or_file(query, "certificate", true, environment);
    if (!certificate_text) {
        return certificate_text.error();
    }
    const std::string certificate_key = value_of(query, "certificate_file") ? "certificate_file" : "certificate";
    auto bundle = read_bundle(**certificate_text, certificate_key);
    if (!bundle) {
        return bundle.error();
    }
    std::size_t chain_length = bundle->certificates.size();

    auto chain_text = text_or_file(query, "certificate_chain", false, environment);
    if (!chain_text) {
        return chain_text.error();
    }
    if (*chain_text) {
        const std::string chain_key =
            value_of(query, "certificate_chain_file") ? "certificate_chain_file" : "certificate_chain";
        auto chain = read_bundle(**chain_text, chain_key);
        if (!chain) {
            return chain.error();
        }
        chain_length += chain->certificates.size();
    }

    const x509::Certificate& leaf = bundle->certificates.front();
    auto key_text = text_or_file(query, "private_key", false, environment);
    if (!key_text) {
        return key_text.error();
    }
    const auto password = value_of(query, "private_key_password");
    if (password && !*key_text) {
        return make_error(ErrorCode::usage, "a password without a private key; give private_key or private_key_file",
                          "private_key_password");
    }
    if (*key_text) {
        const std::string key_key = value_of(query, "private_key_file") ? "private_key_file" : "private_key";
        if (auto matches = x509::check_private_key(**key_text, leaf, key_key, password); !matches) {
            return reframe(matches.error(), key_key);
        }
    }

    const CertificateInfo& info = leaf.info;
    std::string name = value_of(query, "name").value_or(display_name(info));
    if (auto valid = check_display_text(name, "name", 255); !valid) {
        return valid.error();
    }

    std::unique_ptr<ExternalState> state;
    if (auto opened = state_of(environment); !opened) {
        return opened.error();
    } else {
        state = std::move(opened).value();
    }

    const Evaluation evaluation = evaluate(Validity{info.not_before, info.not_after}, inputs->policy, inputs->now);
    std::optional<bool> value_at_expiry;
    if (state && evaluation.expired) {
        auto recorded = state->toggle_at_expiry(info.fingerprint_sha256);
        if (!recorded) {
            return make_error(recorded.error().code, recorded.error().describe(), "CERTGATE_STORE");
        }
        value_at_expiry = *recorded;
    }

    Output output;
    output["id"] = info.fingerprint_sha256;
    output["fingerprint_sha256"] = info.fingerprint_sha256;
    output["name"] = name;
    output["subject"] = info.subject;
    output["issuer"] = info.issuer;
    output["common_name"] = info.common_name;
    output["sans"] = external::encode_string_list(info.sans);
    output["serial"] = info.serial;
    output["not_before"] = info.not_before ? format_rfc3339(*info.not_before) : "";
    output["not_after"] = format_rfc3339(info.not_after);
    output["key_type"] = info.key_type;
    output["key_bits"] = info.key_bits > 0 ? std::to_string(info.key_bits) : "";
    output["signature_algorithm"] = info.signature_algorithm;
    output["self_signed"] = text_of(info.self_signed);
    output["is_ca"] = text_of(info.is_ca);
    output["chain_length"] = std::to_string(chain_length);
    output["private_key_checked"] = text_of(static_cast<bool>(*key_text));
    put_evaluation(output, evaluation, inputs->policy, inputs->now);
    if (auto lifecycle =
            put_lifecycle(output, inputs->status, inputs->toggle, evaluation, inputs->policy, value_at_expiry);
        !lifecycle) {
        return lifecycle.error();
    }
    return output;
}

} // namespace certgate::app::external_kind
