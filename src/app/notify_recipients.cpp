#include "certgate/app/notify_recipients.hpp"

#include "certgate/adapters/delivery/codes.hpp"

#include <algorithm>

namespace certgate::app {

Result<void> verify_recipient(store::Store& store, const std::string& recipient_id, const std::string& code,
                              Instant now)
{
    auto record = store.find_recipient(recipient_id);
    if (!record) {
        return record.error();
    }
    if (!record->has_value()) {
        return make_error(ErrorCode::usage,
                          "unknown recipient \"" + recipient_id.substr(0, 64) +
                              "\"; run certgate notify first so that it gets a code",
                          "recipients verify");
    }
    const auto& current = **record;
    if (current.state == store::VerificationState::verified) {
        return {};
    }
    if (!current.code_expires_at || *current.code_expires_at < now) {
        return make_error(ErrorCode::usage,
                          "the code for \"" + recipient_id + "\" expired at " +
                              (current.code_expires_at ? format_rfc3339(*current.code_expires_at) : "?") +
                              "; the next certgate notify run sends a new one",
                          "recipients verify");
    }
    if (!delivery::constant_time_equal(delivery::hash_code(code, current.code_salt), current.code_hash)) {
        return make_error(ErrorCode::usage, "wrong code for \"" + recipient_id + "\"", "recipients verify");
    }
    return store.mark_verified(recipient_id, now);
}

Result<std::vector<RecipientRow>> recipient_rows(store::Store& store, const Declarations& declarations)
{
    std::vector<RecipientRow> rows;
    auto known = store.list_recipients();
    if (!known) {
        return known.error();
    }
    for (const auto& recipient : declarations.recipients) {
        RecipientRow row;
        row.id = recipient.id;
        row.name = recipient.name;
        row.declared = true;
        row.contacts = recipient.email;
        if (!recipient.mobile.empty()) {
            row.contacts += (row.contacts.empty() ? "" : ", ") + recipient.mobile;
        }
        for (const auto& channel : recipient.channels) {
            row.channels += (row.channels.empty() ? "" : ",") + channel;
        }
        const auto found = std::find_if(known->begin(), known->end(),
                                        [&](const auto& record) { return record.recipient_id == recipient.id; });
        if (found != known->end()) {
            row.state = found->state;
            row.verified_at = found->verified_at;
            row.code_expires_at = found->code_expires_at;
        }
        rows.push_back(std::move(row));
    }
    for (const auto& record : *known) {
        const bool declared = std::any_of(declarations.recipients.begin(), declarations.recipients.end(),
                                          [&](const auto& recipient) { return recipient.id == record.recipient_id; });
        if (declared) {
            continue;
        }
        RecipientRow row;
        row.id = record.recipient_id;
        row.state = record.state;
        row.verified_at = record.verified_at;
        row.code_expires_at = record.code_expires_at;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string format_recipient_rows(const std::vector<RecipientRow>& rows, Instant now)
{
    std::vector<std::vector<std::string>> table{{"ID", "NAME", "CONTACTS", "CHANNELS", "STATE"}};
    for (const auto& row : rows) {
        std::string state(store::to_string(row.state));
        if (row.state == store::VerificationState::verified && row.verified_at) {
            state += " " + format_rfc3339(*row.verified_at);
        } else if (row.state == store::VerificationState::pending && row.code_expires_at) {
            state += *row.code_expires_at < now ? " (code expired; \"certgate recipients reset\" sends a new one)"
                                                : " (code valid until " + format_rfc3339(*row.code_expires_at) + ")";
        }
        if (!row.declared) {
            state += " (no longer declared)";
        }
        table.push_back({row.id, row.name.empty() ? "-" : row.name, row.contacts.empty() ? "-" : row.contacts,
                         row.channels.empty() ? "-" : row.channels, state});
    }
    std::vector<std::size_t> widths(5, 0);
    for (const auto& line : table) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            widths[i] = std::max(widths[i], line[i].size());
        }
    }
    std::string text;
    for (const auto& line : table) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            text += line[i];
            if (i + 1 < line.size()) {
                text += std::string(widths[i] - line[i].size() + 2, ' ');
            }
        }
        text += "\n";
    }
    return text;
}

} // namespace certgate::app
