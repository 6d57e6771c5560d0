#include "certgate/app/notify_recipients.hpp"

#include "certgate/adapters/delivery/codes.hpp"
#include "certgate/app/notify.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace certgate::app {

Result<void> verify_recipient(store::Store& store, const std::string& recipient_id, const std::string& code,
                              Instant now)
{
    const std::string shown = "\"" + recipient_id.substr(0, 64) + "\"";
    const std::string ask_again = "; run \"certgate recipients reset " + recipient_id.substr(0, 64) +
                                  "\" and the next certgate notify run sends a new code";
    // The try is counted before the code is even looked at, in one
    // transaction, so that concurrent guesses cannot pass the limit.
    auto record = store.count_code_attempt(recipient_id);
    if (!record) {
        return record.error();
    }
    if (!record->has_value()) {
        return make_error(ErrorCode::usage,
                          "unknown recipient " + shown + "; run certgate notify first so that it gets a code",
                          "recipients verify");
    }
    const auto& current = **record;
    if (current.state == store::VerificationState::verified) {
        return {};
    }
    if (current.code_hash.empty()) {
        return make_error(ErrorCode::usage, "the code for " + shown + " is void" + ask_again, "recipients verify");
    }
    if (!current.code_expires_at || *current.code_expires_at < now) {
        return make_error(ErrorCode::usage,
                          "the code for " + shown + " expired at " +
                              (current.code_expires_at ? format_rfc3339(*current.code_expires_at) : "?") + ask_again,
                          "recipients verify");
    }
    if (current.code_attempts > delivery::k_code_max_attempts) {
        if (auto voided = store.void_code(recipient_id); !voided) {
            return voided.error();
        }
        return make_error(ErrorCode::usage, "the code for " + shown + " is void" + ask_again, "recipients verify");
    }
    if (!delivery::code_matches(code, current.code_salt, current.code_hash)) {
        const int left = delivery::k_code_max_attempts - current.code_attempts;
        if (left > 0) {
            return make_error(ErrorCode::usage,
                              "wrong code for " + shown + " (" + std::to_string(left) +
                                  (left == 1 ? " try" : " tries") + " left)",
                              "recipients verify");
        }
        if (auto voided = store.void_code(recipient_id); !voided) {
            return voided.error();
        }
        return make_error(ErrorCode::usage,
                          "wrong code for " + shown + "; that was the " +
                              std::to_string(delivery::k_code_max_attempts) + "th wrong code, so the code is now void" +
                              ask_again,
                          "recipients verify");
    }
    return store.mark_verified(recipient_id, now, current.code_hash);
}

namespace {

void take_record(RecipientRow& row, const store::RecipientVerification& record)
{
    row.state = record.state;
    row.verified_at = record.verified_at;
    row.code_expires_at = record.code_expires_at;
    // Registered without a code (terraform-provider-certgate's apply) until
    // `certgate notify` sends one; a voided code keeps its salt.
    row.code_sent = !record.code_salt.empty();
}

} // namespace

Result<std::vector<RecipientRow>> recipient_rows(store::Store& store, const Declarations& declarations)
{
    std::vector<RecipientRow> rows;
    auto known = store.list_recipients();
    if (!known) {
        return known.error();
    }
    // Indexes, so that the rows cost recipients times log recipients.
    std::map<std::string_view, const store::RecipientVerification*, std::less<>> by_id;
    for (const auto& record : *known) {
        by_id.emplace(record.recipient_id, &record);
    }
    std::set<std::string_view, std::less<>> declared;
    for (const auto& recipient : declarations.recipients) {
        declared.insert(recipient.id);
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
            row.channels += (row.channels.empty() ? "" : ",") + std::string(to_string(channel));
            auto code = store.find_delivery(verification_key(recipient, channel));
            if (!code) {
                return code.error();
            }
            if (code->has_value() && (*code)->state == store::DeliveryState::refused) {
                row.refused_codes.push_back(std::string(to_string(channel)) + ": " + (*code)->last_error);
            }
        }
        if (const auto found = by_id.find(recipient.id); found != by_id.end()) {
            take_record(row, *found->second);
        }
        rows.push_back(std::move(row));
    }
    for (const auto& record : *known) {
        if (declared.contains(record.recipient_id)) {
            continue;
        }
        RecipientRow row;
        row.id = record.recipient_id;
        take_record(row, record);
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
        } else if (row.state == store::VerificationState::pending && !row.code_expires_at &&
                   !row.refused_codes.empty()) {
            std::string refusals;
            for (const auto& refused : row.refused_codes) {
                refusals += (refusals.empty() ? "" : "; ") + refused;
            }
            state += " (code refused for good by " + refusals +
                     "; fix the contact, or \"certgate recipients reset\" sends a new one)";
        } else if (row.state == store::VerificationState::pending && !row.code_expires_at && !row.code_sent) {
            state += " (no code sent yet; the next \"certgate notify\" sends one)";
        } else if (row.state == store::VerificationState::pending && !row.code_expires_at) {
            state += " (code void after too many wrong tries; \"certgate recipients reset\" sends a new one)";
        } else if (row.state == store::VerificationState::pending) {
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
