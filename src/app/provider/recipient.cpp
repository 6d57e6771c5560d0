// certgate_recipient: a recipient registered in the store. Terraform never
// sends anything: `certgate notify` sends the verification code to a
// registered recipient, and `certgate recipients verify` confirms it.

#include "certgate/adapters/store/store.hpp"
#include "certgate/app/external_recipient.hpp"
#include "kinds.hpp"
#include "types.hpp"

namespace certgate::app::provider {

namespace {

using PlanResult = ProviderService::PlanResult;
using StateResult = ProviderService::StateResult;

// The contacts a registration records: they differ from the contacts a code
// was sent to (contacts_text), so `certgate notify` sends the first code.
constexpr std::string_view k_registered = "registered\n";

std::string registration_text(const RecipientContacts& contacts)
{
    return std::string(k_registered) + contacts_text(contacts);
}

// The contacts a store record holds, registered or sent a code.
std::optional<RecipientContacts> recorded_contacts(const store::RecipientVerification& record)
{
    std::string_view text = record.contacts;
    if (text.starts_with(k_registered)) {
        text.remove_prefix(k_registered.size());
    }
    return parse_contacts_text(text);
}

tv::Diagnostic store_error(const Error& error)
{
    return {tv::Severity::error,
            "The certgate store cannot be used",
            "certgate_recipient: store: " + error.describe() +
                "; set the provider's store (or CERTGATE_STORE) to a writable store",
            {}};
}

// A read or apply the store fails: the state stays as it was, with the
// store's error.
StateResult kept_on_store_error(const tv::Value& state, const Error& error)
{
    StateResult kept;
    kept.state = state;
    kept.diagnostics.push_back(store_error(error));
    return kept;
}

Result<store::Store> open(const Context& context, store::OpenMode mode)
{
    auto path = resource_store_path(context.environment, context.settings);
    if (!path) {
        return path.error();
    }
    return store::open_store(*path, mode);
}

// The verification the store records for `id`, for contacts `contacts`:
// verified only when it verified these very contacts.
Result<std::string> verification_of(store::Store& store, const std::string& id, const RecipientContacts& contacts)
{
    auto record = store.find_recipient(id);
    if (!record) {
        return record.error();
    }
    if (*record && (*record)->state == store::VerificationState::verified &&
        (*record)->contacts == contacts_text(contacts)) {
        return std::string("verified");
    }
    return std::string("pending");
}

struct Computed {
    tv::Value state;
    tv::Diagnostics diagnostics;
    RecipientContacts contacts;
};

// The normalised recipient of `config` (certgate-external recipient's rules).
Computed compute(const Context& context, const tv::Value& config)
{
    const Kind& kind = recipient_kind();
    Computed computed;
    external::StringMap query;
    if (!add_inputs(kind, config, query, computed.diagnostics)) {
        return computed;
    }
    ExternalEnvironment environment = external_environment(context.environment, context.settings);
    environment.store_path.reset(); // verification comes from the resource's own store below
    auto result = external_fields(kind.external_kind, query, environment);
    if (!result) {
        computed.diagnostics.push_back(diagnostic_of(result.error(), kind, config, {}));
        return computed;
    }
    computed.contacts = {(*result)["email"], (*result)["mobile"]};
    result->erase("verification");
    computed.state = state_of(kind, config, *result);
    return computed;
}

PlanResult plan(const Context& context, const tv::Value& prior, const tv::Value& proposed, const tv::Value& config)
{
    PlanResult planned;
    if (proposed.kind == tv::ValueKind::null) {
        return planned;
    }
    if (!tv::is_wholly_known(config)) {
        planned.planned_state = unknown_state_of(recipient_kind(), config);
        return planned;
    }
    Computed computed = compute(context, config);
    if (computed.state.kind == tv::ValueKind::null) {
        planned.diagnostics = std::move(computed.diagnostics);
        return planned;
    }
    const std::string id = text_field(computed.state, "id");
    std::string verification = "pending";
    if (prior.kind != tv::ValueKind::null && text_field(prior, "id") == id) {
        verification = text_field(prior, "verification"); // same contacts: verification carries on
    } else {
        // A recipient the store already knows keeps its verification.
        auto store = open(context, store::OpenMode::read_only);
        if (!store) {
            planned.diagnostics.push_back(store_error(store.error()));
            return planned;
        }
        auto known = verification_of(*store, id, computed.contacts);
        if (!known) {
            planned.diagnostics.push_back(store_error(known.error()));
            return planned;
        }
        verification = *known;
    }
    set_field(computed.state, "verification", tv::string_value(verification));
    planned.planned_state = std::move(computed.state);
    return planned;
}

StateResult apply(const Context& context, const tv::Value& prior, const tv::Value& planned, const tv::Value& config)
{
    StateResult applied;
    auto store = open(context, store::OpenMode::read_write);
    if (!store) {
        return kept_on_store_error(prior, store.error());
    }
    const std::string old_id = text_field(prior, "id");
    const std::string new_id = text_field(planned, "id");
    if (!old_id.empty() && old_id != new_id) {
        // Deleted, or its contacts changed: the old registration goes, and
        // with it its verification.
        if (auto forgotten = store->forget_recipient(old_id); !forgotten) {
            return kept_on_store_error(prior, forgotten.error());
        }
    }
    if (planned.kind == tv::ValueKind::null) {
        return applied;
    }
    Computed computed = compute(context, config);
    if (computed.state.kind == tv::ValueKind::null) {
        applied.state = prior;
        applied.diagnostics = std::move(computed.diagnostics);
        return applied;
    }
    if (old_id != new_id) {
        auto record = store->find_recipient(new_id);
        if (!record) {
            return kept_on_store_error(prior, record.error());
        }
        const bool same = *record && recorded_contacts(**record).has_value() &&
                          contacts_text(*recorded_contacts(**record)) == contacts_text(computed.contacts);
        if (!same) {
            store::RecipientVerification registration;
            registration.recipient_id = new_id;
            registration.state = store::VerificationState::pending;
            registration.contacts = registration_text(computed.contacts);
            if (auto started = store->start_verification(registration, context.environment.clock); !started) {
                return kept_on_store_error(prior, started.error());
            }
        }
    }
    applied.state = planned;
    return applied;
}

StateResult read(const Context& context, const tv::Value& current)
{
    StateResult refreshed;
    auto store = open(context, store::OpenMode::read_only);
    if (!store) {
        return kept_on_store_error(current, store.error());
    }
    const std::string id = text_field(current, "id");
    auto record = store->find_recipient(id);
    if (!record) {
        return kept_on_store_error(current, record.error());
    }
    if (!*record) {
        return refreshed; // removed from the store (certgate recipients reset): gone, so the plan registers it again
    }
    refreshed.state = current;
    const bool verified = (*record)->state == store::VerificationState::verified;
    set_field(refreshed.state, "verification", tv::string_value(verified ? "verified" : "pending"));
    return refreshed;
}

ProviderService::ImportResult import(const Context& context, std::string_view id)
{
    ProviderService::ImportResult imported;
    const auto fail = [&](std::string summary, std::string detail) {
        imported.diagnostics.push_back({tv::Severity::error, std::move(summary), std::move(detail), {}});
        return imported;
    };
    if (!is_recipient_id(id)) {
        return fail("Invalid recipient id",
                    "certgate_recipient: import: expected an id such as rcpt-0123456789abcdef (the id output of a "
                    "certgate recipient)");
    }
    auto store = open(context, store::OpenMode::read_only);
    if (!store) {
        imported.diagnostics.push_back(store_error(store.error()));
        return imported;
    }
    auto record = store->find_recipient(id);
    if (!record) {
        imported.diagnostics.push_back(store_error(record.error()));
        return imported;
    }
    const auto contacts = *record ? recorded_contacts(**record) : std::nullopt;
    if (!contacts) {
        return fail("Unknown recipient", "certgate_recipient: import: the store " +
                                             std::string(*record ? "holds no contacts for " : "does not know ") +
                                             std::string(id) + "; declare the recipient and apply instead");
    }
    tv::Value config = null_object(recipient_kind());
    if (!contacts->email.empty()) {
        set_field(config, "email", tv::string_value(contacts->email));
    }
    if (!contacts->mobile.empty()) {
        set_field(config, "mobile", tv::string_value(contacts->mobile));
    }
    Computed computed = compute(context, config);
    if (computed.state.kind == tv::ValueKind::null) {
        imported.diagnostics = std::move(computed.diagnostics);
        return imported;
    }
    const bool verified = (*record)->state == store::VerificationState::verified;
    set_field(computed.state, "verification", tv::string_value(verified ? "verified" : "pending"));
    imported.imported.push_back({std::move(computed.state), "", {}});
    return imported;
}

} // namespace

const ResourceType& recipient_resource()
{
    static const ResourceType type{recipient_kind(), plan, apply, read, import};
    return type;
}

} // namespace certgate::app::provider
