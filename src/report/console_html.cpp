#include "certgate/core/escape.hpp"
#include "certgate/core/severity.hpp"
#include "certgate/core/time.hpp"
#include "certgate/report/console.hpp"
#include "certgate/report/fields.hpp"

#include <array>
#include <string_view>

namespace certgate::report {
namespace {

// Every value that reaches a page goes through here: names, subjects and
// addresses come from users (valid_utf8 first, so the page stays UTF-8).
std::string html(std::string_view text)
{
    return escape_html(valid_utf8(text));
}

std::string severity_badge(Severity severity)
{
    const std::string name(to_string(severity));
    // The severity is said in words; the colour only repeats it.
    return "<span class=\"severity sev-" + name + "\">" + name + "</span>";
}

std::string status_badge(CertificateStatus status)
{
    const std::string name(to_string(status));
    return "<span class=\"status st-" + name + "\">" + name + "</span>";
}

std::string certificate_link(const ConsoleCertificate& certificate)
{
    return "<a href=\"/certificates/" + html(certificate.id) + "\">" + html(certificate.name) + "</a>";
}

std::string days_text(std::int64_t days)
{
    return count_of(days, "day", "days");
}

std::string next_milestone_text(const Evaluation& evaluation)
{
    if (!evaluation.next_milestone) {
        return "none";
    }
    return html(evaluation.next_milestone->milestone.label()) + " on " + format_date(evaluation.next_milestone->date);
}

std::string page(const ConsoleView& view, std::string_view title, const std::string& body)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += html(title);
    out += " - certgate console</title>\n<link rel=\"stylesheet\" href=\"/console.css\">\n</head>\n<body>\n"
           "<header class=\"top\"><span class=\"brand\">certgate console</span>\n"
           "<nav aria-label=\"Console\"><a href=\"/\">Certificates</a> <a href=\"/recipients\">Recipients</a> "
           "<a href=\"/metrics\">Metrics</a></nav>\n<span class=\"asof\">as of ";
    out += format_rfc3339(view.now) + " (" + html(view.time_zone) + ")</span></header>\n<main>\n";
    if (view.reload_error) {
        out += "<p class=\"banner error\" id=\"reload-error\" role=\"alert\">" + html(*view.reload_error) + "</p>\n";
    }
    out += body;
    out += "</main>\n<footer><p>Read-only view of " + html(view.source) +
           ". Data: <a href=\"/api/certificates\">/api/certificates</a>, <a href=\"/api/recipients\">"
           "/api/recipients</a>.</p></footer>\n</body>\n</html>\n";
    return out;
}

// SPEC section 3: issued and hosted certificates, not expired, within
// console_reminder_days (console_reminder is already that rule's answer).
std::string reminder_banner(const ConsoleView& view, const ConsoleCertificate& certificate)
{
    const auto& evaluation = certificate.evaluation;
    const std::string when =
        evaluation.days_remaining == 0 ? std::string("today") : "in " + days_text(evaluation.days_remaining);
    return "<p class=\"banner reminder\" data-certificate=\"" + html(certificate.id) +
           "\"><strong>Reminder:</strong> " + certificate_link(certificate) + " expires " + when + ", on " +
           format_date(evaluation.expiry_date) + " (within " + std::to_string(view.console_reminder_days) +
           " days). Renew it by " + format_date(evaluation.renew_by) + ".</p>\n";
}

template <typename Value>
std::string option(std::string_view value, std::string_view label, const std::optional<Value>& selected,
                   std::string_view selected_name)
{
    const bool is_selected = selected && selected_name == value;
    return "<option value=\"" + std::string(value) + "\"" + (is_selected ? " selected" : "") + ">" +
           std::string(label) + "</option>";
}

std::string filter_form(const ConsoleFilter& filter)
{
    static constexpr std::array<Severity, 6> k_severities{Severity::expired, Severity::critical, Severity::renew,
                                                          Severity::warning, Severity::notice,   Severity::ok};
    static constexpr std::array<CertificateStatus, 4> k_statuses{
        CertificateStatus::issued, CertificateStatus::hosting, CertificateStatus::uploaded, CertificateStatus::expired};
    const std::string severity_name = filter.severity ? std::string(to_string(*filter.severity)) : "";
    const std::string status_name = filter.status ? std::string(to_string(*filter.status)) : "";
    std::string out = "<form class=\"filters\" method=\"get\" action=\"/\">\n"
                      "<label for=\"severity\">Severity</label> <select id=\"severity\" name=\"severity\">"
                      "<option value=\"\">any</option>";
    for (const auto severity : k_severities) {
        out += option(to_string(severity), to_string(severity), filter.severity, severity_name);
    }
    out += "</select>\n<label for=\"status\">Status</label> <select id=\"status\" name=\"status\">"
           "<option value=\"\">any</option>";
    for (const auto status : k_statuses) {
        out += option(to_string(status), to_string(status), filter.status, status_name);
    }
    out += "</select>\n<button type=\"submit\">Filter</button> <a href=\"/\">Clear</a>\n</form>\n";
    return out;
}

std::string subject_cell(const ConsoleCertificate& certificate)
{
    std::string out = certificate.subject.empty() ? std::string("<span class=\"muted\">not declared</span>")
                                                  : html(certificate.subject);
    if (!certificate.sans.empty()) {
        std::string sans;
        for (const auto& name : certificate.sans) {
            sans += (sans.empty() ? "" : ", ") + html(name);
        }
        out += "<br><span class=\"sans\">" + sans + "</span>";
    }
    return out;
}

std::string list_row(const ConsoleCertificate& certificate)
{
    const auto& evaluation = certificate.evaluation;
    std::string out = "<tr class=\"row sev-row-" + std::string(to_string(evaluation.severity)) +
                      "\" data-certificate=\"" + html(certificate.id) + "\">";
    out += "<td>" + certificate_link(certificate) + "</td>";
    out += "<td>" + subject_cell(certificate) + "</td>";
    out += "<td>" + status_badge(certificate.effective) + "</td>";
    out += "<td>" + severity_badge(evaluation.severity) + "</td>";
    out += "<td>" + format_date(evaluation.expiry_date) + "</td>";
    out += "<td class=\"num\">" + std::to_string(evaluation.days_remaining) + "</td>";
    out += "<td class=\"num\">" + std::to_string(evaluation.working_days_remaining.count) + "</td>";
    out += "<td>" + (evaluation.expired ? std::string("-") : format_date(evaluation.renew_by)) + "</td>";
    out += "<td>" + next_milestone_text(evaluation) + "</td></tr>\n";
    return out;
}

std::string toggle_text(const ConsoleCertificate& certificate)
{
    std::string out = "<p class=\"toggle\" id=\"toggle\">Expiration notification: <strong>" +
                      std::string(certificate.toggle == ConsoleToggle::on ? "on" : "off") + "</strong>";
    if (certificate.toggle_locked) {
        out += " <span class=\"locked\" id=\"toggle-locked\">locked</span> (the certificate has expired; the "
               "toggle can no longer change)";
    }
    return out + "</p>\n";
}

// A report field's value as text: strings as they are, null as "-", lists
// joined, objects as name=value pairs.
std::string field_text(const nlohmann::ordered_json& value)
{
    if (value.is_null()) {
        return "-";
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_array()) {
        std::string joined;
        for (const auto& item : value) {
            joined += (joined.empty() ? "" : ", ") + field_text(item);
        }
        return joined;
    }
    if (value.is_object()) {
        std::string joined;
        for (const auto& [key, item] : value.items()) {
            joined += (joined.empty() ? "" : "; ") + key + "=" + field_text(item);
        }
        return joined;
    }
    return value.dump();
}

std::string sent_text(const ConsoleSent& sent)
{
    return (sent.sent_at ? format_rfc3339(*sent.sent_at) : std::string("sent")) + " to " + html(sent.recipient) + " (" +
           std::string(to_string(sent.channel)) + ")";
}

std::string schedule_table(const ConsoleView& view, const ConsoleCertificate& certificate)
{
    if (certificate.schedule.empty()) {
        return "<p>No milestone applies to this certificate.</p>\n";
    }
    std::string out = "<table class=\"schedule\">\n<thead><tr><th scope=\"col\">Milestone</th><th "
                      "scope=\"col\">Date</th><th scope=\"col\">Messages</th></tr></thead>\n<tbody>\n";
    for (const auto& entry : certificate.schedule) {
        const bool to_come = entry.milestone.date > certificate.evaluation.today;
        std::string state;
        if (!entry.sent.empty()) {
            for (const auto& sent : entry.sent) {
                state += (state.empty() ? "sent " : "; ") + sent_text(sent);
            }
        } else if (to_come) {
            state = "to come";
        } else if (!certificate.notifications) {
            state = "none (no messages for this certificate)";
        } else {
            state = view.store ? "due, not sent" : "not known (no store)";
        }
        out += "<tr class=\"" + std::string(to_come ? "to-come" : "reached") + "\"><td>" +
               html(entry.milestone.milestone.label()) + "</td><td>" + format_date(entry.milestone.date) + "</td><td>" +
               state + "</td></tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string recipient_list(const ConsoleView& view, const ConsoleCertificate& certificate)
{
    if (certificate.recipients.empty()) {
        return "<p>No recipient is declared for this certificate.</p>\n";
    }
    std::string out = "<ul class=\"recipients\">\n";
    for (const auto& id : certificate.recipients) {
        std::string line = html(id);
        for (const auto& recipient : view.recipients) {
            if (recipient.id == id) {
                line = html(recipient.name.empty() ? recipient.id : recipient.name) + " (" + html(recipient.id) +
                       "): " + recipient.verification;
            }
        }
        out += "<li>" + line + "</li>\n";
    }
    return out + "</ul>\n";
}

} // namespace

bool matches(const ConsoleCertificate& certificate, const ConsoleFilter& filter)
{
    return (!filter.severity || certificate.evaluation.severity == *filter.severity) &&
           (!filter.status || certificate.effective == *filter.status);
}

std::string render_console_list(const ConsoleView& view, const ConsoleFilter& filter)
{
    std::string body = "<h1>Certificates</h1>\n";
    std::string banners;
    for (const auto& certificate : view.certificates) {
        if (certificate.console_reminder) {
            banners += reminder_banner(view, certificate);
        }
    }
    if (!banners.empty()) {
        body += "<section class=\"reminders\" aria-labelledby=\"reminders\">\n<h2 id=\"reminders\">Reminders</h2>\n" +
                banners + "</section>\n";
    }
    std::string rows;
    std::size_t shown = 0;
    for (const auto& certificate : view.certificates) {
        if (matches(certificate, filter)) {
            rows += list_row(certificate);
            ++shown;
        }
    }
    body += "<section aria-labelledby=\"list\">\n<h2 id=\"list\">" + std::to_string(shown) + " of " +
            std::to_string(view.certificates.size()) + " certificates, worst first</h2>\n" + filter_form(filter);
    body += "<table class=\"certificates\">\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Subject and "
            "SANs</th><th scope=\"col\">Status</th><th scope=\"col\">Severity</th><th scope=\"col\">Expires</th><th "
            "scope=\"col\">Days left</th><th scope=\"col\">Working days left</th><th scope=\"col\">Renew by</th><th "
            "scope=\"col\">Next milestone</th></tr></thead>\n<tbody>\n" +
            rows + "</tbody>\n</table>\n</section>\n";
    return page(view, "Certificates", body);
}

std::string render_console_certificate(const ConsoleView& view, const ConsoleCertificate& certificate)
{
    const auto& evaluation = certificate.evaluation;
    std::string body = "<h1>" + html(certificate.name) + "</h1>\n";
    if (certificate.console_reminder) {
        body += reminder_banner(view, certificate);
    }
    body += "<section aria-labelledby=\"state\">\n<h2 id=\"state\">State</h2>\n<p>" +
            status_badge(certificate.effective) + " " + severity_badge(evaluation.severity) + " expires " +
            format_date(evaluation.expiry_date) + " (" + days_text(evaluation.days_remaining) + ", " +
            count_of(evaluation.working_days_remaining.count, "working day", "working days") + " left)</p>\n";
    if (certificate.toggle == ConsoleToggle::absent) {
        body +=
            "<p class=\"no-toggle\">No expiration-notification toggle: " + std::string(to_string(certificate.status)) +
            " certificates are always notified.</p>\n";
    } else {
        body += toggle_text(certificate);
    }
    body += "<p>Milestone messages: " + std::string(certificate.notifications ? "on" : "off") + "</p>\n</section>\n";

    body += "<section aria-labelledby=\"fields\">\n<h2 id=\"fields\">Report fields</h2>\n<table class=\"fields\">\n"
            "<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n";
    for (const auto& [key, value] : certificate.report.items()) {
        body += "<tr><th scope=\"row\">" + html(key) + "</th><td>" + html(field_text(value)) + "</td></tr>\n";
    }
    body += "</tbody>\n</table>\n</section>\n";
    body += "<section aria-labelledby=\"milestones\">\n<h2 id=\"milestones\">Milestones</h2>\n" +
            schedule_table(view, certificate) + "</section>\n";
    body += "<section aria-labelledby=\"its-recipients\">\n<h2 id=\"its-recipients\">Recipients</h2>\n" +
            recipient_list(view, certificate) + "</section>\n";
    return page(view, certificate.name, body);
}

std::string render_console_recipients(const ConsoleView& view)
{
    std::string body = "<h1>Recipients</h1>\n";
    if (!view.store) {
        body += "<p class=\"banner note\">No store was given (--store): verification states are unknown.</p>\n";
    }
    body += "<table class=\"recipients\">\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Id</th><th "
            "scope=\"col\">Email</th><th scope=\"col\">Mobile</th><th scope=\"col\">Channels</th><th "
            "scope=\"col\">Verification</th></tr></thead>\n<tbody>\n";
    for (const auto& recipient : view.recipients) {
        std::string channels;
        for (const auto channel : recipient.channels) {
            channels += (channels.empty() ? "" : ", ") + std::string(to_string(channel));
        }
        body += "<tr><td>" + html(recipient.name) + "</td><td>" + html(recipient.id) + "</td><td>" +
                html(recipient.email) + "</td><td>" + html(recipient.mobile) + "</td><td>" + channels +
                "</td><td><span class=\"verification v-" + recipient.verification + "\">" + recipient.verification +
                "</span></td></tr>\n";
    }
    body += "</tbody>\n</table>\n";
    return page(view, "Recipients", body);
}

std::string render_console_error(const ConsoleView& view, int status, const std::string& message)
{
    return page(view, std::to_string(status),
                "<h1>" + std::to_string(status) + "</h1>\n<p>" + html(message) +
                    "</p>\n<p><a href=\"/\">All "
                    "certificates</a></p>\n");
}

const std::string& console_stylesheet()
{
    // Colours are chosen for a contrast of at least 4.5:1 (WCAG AA) between
    // every text and its background; the browser test measures it.
    static const std::string k_css = R"(*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1f1f1f;background:#ffffff}
.top{display:flex;gap:1.5em;align-items:center;padding:.6em 1.2em;background:#1f2937;color:#ffffff}
.top a{color:#ffffff}
.brand{font-weight:700}
.asof{margin-left:auto;font-size:.9em}
main{padding:1em 1.2em}
h1{font-size:1.5em;margin:.2em 0 .6em}
h2{font-size:1.15em;margin:1.2em 0 .5em}
a{color:#0b57d0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #d0d4d9;vertical-align:top}
thead th{background:#eef0f2;color:#1f1f1f}
td.num{text-align:right}
.certificates td:nth-child(n+5){white-space:nowrap}
.sans,.muted{color:#4a5057;font-size:.92em}
.banner{padding:.6em .9em;border-radius:4px;margin:.4em 0}
.reminder{background:#fff4e5;color:#5c3200;border-left:5px solid #b25e00}
.reminder a{color:#5c3200}
.error{background:#fce8e6;color:#8c1d18;border-left:5px solid #b3261e}
.note{background:#eef0f2;color:#1f1f1f}
.severity,.status,.verification,.locked{display:inline-block;padding:0 .45em;border-radius:3px;font-weight:600}
.sev-ok{background:#e6f4ea;color:#0b5d1e}
.sev-notice{background:#e8f0fe;color:#174ea6}
.sev-warning{background:#fef7e0;color:#6b4100}
.sev-renew{background:#fde7d9;color:#8a3b00}
.sev-critical{background:#fce8e6;color:#a50e0e}
.sev-expired{background:#3c4043;color:#ffffff}
.sev-unknown,.sev-error{background:#eef0f2;color:#3c4043}
.status{background:#eef0f2;color:#1f1f1f;font-weight:400}
.locked{background:#3c4043;color:#ffffff}
.v-verified{background:#e6f4ea;color:#0b5d1e}
.v-pending,.v-unknown{background:#fef7e0;color:#6b4100}
.filters{margin:.4em 0 .8em}
.filters select,.filters button{font:inherit;margin-right:.8em}
footer{padding:0 1.2em 1em;color:#4a5057;font-size:.9em}
)";
    return k_css;
}

} // namespace certgate::report
