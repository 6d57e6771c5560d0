#include "certgate/app/recipients.hpp"

#include "certgate/app/notify_recipients.hpp"

namespace certgate::app {
namespace {

Result<store::Store> open_recipients_store(const RecipientsRequest& request, const Environment& environment,
                                           store::OpenMode mode)
{
    if (auto policy = load_policy(request.inputs); !policy) {
        return policy.error();
    }
    if (request.now) {
        return make_error(ErrorCode::usage,
                          "not accepted: verification codes expire by the real clock, not as of --now", "--now");
    }
    auto path = store::resolve_store_path(store_location(request.store, environment));
    if (!path) {
        return path.error();
    }
    return store::open_store(*path, mode);
}

} // namespace

Result<std::string> list_recipients(const RecipientsRequest& request, const Environment& environment)
{
    auto opened = open_recipients_store(request, environment, store::OpenMode::read_only);
    if (!opened) {
        return opened.error();
    }
    auto declarations = load_declarations(request.inputs, false);
    if (!declarations) {
        return declarations.error();
    }
    auto rows = recipient_rows(*opened, *declarations);
    if (!rows) {
        return rows.error();
    }
    return format_recipient_rows(*rows, system_now());
}

Result<VerifyOutcome> verify_recipient_code(const RecipientsRequest& request, const std::string& recipient_id,
                                            const std::function<Result<std::string>()>& read_code,
                                            const Environment& environment)
{
    auto opened = open_recipients_store(request, environment, store::OpenMode::read_write);
    if (!opened) {
        return opened.error();
    }
    auto code = read_code();
    if (!code) {
        return code.error();
    }
    auto verified = verify_recipient(*opened, recipient_id, *code, system_now());
    if (!verified) {
        // A refused code is the user's answer (exit 1); anything else could not be decided.
        if (verified.error().code != ErrorCode::usage) {
            return verified.error();
        }
        return VerifyOutcome{false, verified.error()};
    }
    return VerifyOutcome{true, {}};
}

Result<void> reset_recipient(const RecipientsRequest& request, const std::string& recipient_id,
                             const Environment& environment)
{
    auto opened = open_recipients_store(request, environment, store::OpenMode::read_write);
    if (!opened) {
        return opened.error();
    }
    return opened->forget_recipient(recipient_id);
}

} // namespace certgate::app
