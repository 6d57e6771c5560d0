#include "certgate/app/external.hpp"

#include "certgate/adapters/external/protocol.hpp"
#include "certgate/core/version.hpp"
#include "external_kinds.hpp"

#include <algorithm>

namespace certgate::app {

namespace {

constexpr std::string_view k_program = "certgate-external";

std::string one_line(std::string text)
{
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

ExternalAnswer failure(std::string_view kind, const Error& error)
{
    const std::string where = error.where.empty() ? "query" : error.where;
    return {k_external_exit_error, "",
            one_line(std::string(k_program) + ": " + std::string(kind) + ": " + where + ": " + error.message) + "\n"};
}

std::string kinds_text()
{
    std::string text;
    for (const std::string& kind : external_kinds()) {
        text += (text.empty() ? "" : ", ") + kind;
    }
    return text;
}

ExternalAnswer usage_failure(const std::string& message)
{
    return {k_external_exit_error, "",
            one_line(std::string(k_program) + ": usage: " + message) +
                "; run as certgate-external KIND with KIND "
                "one of: " +
                kinds_text() + ", and the query as a JSON object of strings on stdin\n"};
}

// The --help text: what `man certgate-external` is generated from.
std::string help_text()
{
    return "usage: certgate-external KIND < query.json\n"
           "\n"
           "Terraform's external program protocol (data \"external\"): reads one JSON object of strings on stdin, "
           "writes one JSON object of strings on stdout, exit 0; on a bad declaration, one line on stderr and exit 1, "
           "which fails the plan.\n"
           "\n"
           "kinds:\n"
           "  certificate   a PEM/DER certificate file or PEM text: validity, fingerprint, severity, renew-by date\n"
           "  expiry        the same evaluation from a not_after timestamp alone\n"
           "  recipient     normalised message recipient: id, channels, verification state\n"
           "  notification  a certificate's expiration-notification toggle and milestone schedule\n"
           "\n"
           "options:\n"
           "  -h, --help     print this help\n"
           "  --version      print the version\n"
           "\n"
           "environment:\n"
           "  CERTGATE_NOW    evaluate as of this instant (RFC 3339)\n"
           "  CERTGATE_STORE  the notification store, for verification states and locked toggles\n"
           "\n"
           "Query keys and result fields of each kind: /usr/share/doc/certgate/docs/external.md.\n";
}

} // namespace

const std::vector<std::string>& external_kinds()
{
    static const std::vector<std::string> kinds{"certificate", "expiry", "recipient", "notification"};
    return kinds;
}

Result<external::StringMap> external_fields(std::string_view kind, const external::StringMap& query,
                                            const ExternalEnvironment& environment)
{
    if (kind == "certificate") {
        return external_kind::answer_certificate(query, environment);
    }
    if (kind == "expiry") {
        return external_kind::answer_expiry(query, environment);
    }
    if (kind == "recipient") {
        return external_kind::answer_recipient(query, environment);
    }
    if (kind == "notification") {
        return external_kind::answer_notification(query, environment);
    }
    return make_error(ErrorCode::usage, "unknown KIND");
}

ExternalAnswer answer_external(std::string_view kind, std::string_view query_text,
                               const ExternalEnvironment& environment)
{
    if (std::find(external_kinds().begin(), external_kinds().end(), kind) == external_kinds().end()) {
        return usage_failure("unknown KIND");
    }
    auto query = external::parse_query(query_text);
    if (!query) {
        return failure(kind, query.error());
    }
    try {
        auto output = external_fields(kind, *query, environment);
        if (!output) {
            return failure(kind, output.error());
        }
        return {0, external::write_result(*output), ""};
    } catch (const std::exception& exception) {
        // A bug, not an input problem; the exception text never holds query values.
        return failure(kind, make_error(ErrorCode::internal, std::string("internal error: ") + exception.what()));
    }
}

ExternalAnswer answer_external_command(const std::vector<std::string>& arguments, std::istream& in,
                                       const ExternalEnvironment& environment)
{
    if (arguments.empty()) {
        return usage_failure("missing KIND");
    }
    if (arguments.size() == 1 && (arguments.front() == "--help" || arguments.front() == "-h")) {
        return {0, help_text(), ""};
    }
    if (arguments.size() == 1 && arguments.front() == "--version") {
        return {0, std::string(k_program) + " " + std::string(k_version) + "\n", ""};
    }
    if (arguments.size() > 1) {
        return usage_failure("expected exactly one argument (KIND), got " + std::to_string(arguments.size()));
    }
    const std::string& kind = arguments.front();
    if (std::find(external_kinds().begin(), external_kinds().end(), kind) == external_kinds().end()) {
        const bool printable = kind.size() <= 32 && std::all_of(kind.begin(), kind.end(), [](char c) {
                                   return c > 0x20 && c < 0x7F && c != '"';
                               });
        return usage_failure("unknown KIND" + (printable ? " \"" + kind + "\"" : std::string()));
    }
    auto text = external::read_query_text(in);
    if (!text) {
        return failure(kind, text.error());
    }
    return answer_external(kind, *text, environment);
}

} // namespace certgate::app
