// The SQLite store behind the ExternalState seam.

#include "certgate/app/external_state.hpp"
#include "certgate/adapters/store/store.hpp"

namespace certgate::app {

namespace {

class StoreState final : public ExternalState {
public:
    explicit StoreState(store::Store opened) : m_store(std::move(opened)) {}

    Result<bool> recipient_verified(std::string_view recipient_id) override
    {
        auto state = m_store.recipient_verification(recipient_id);
        if (!state) {
            return state.error();
        }
        return *state == store::VerificationState::verified;
    }

    Result<std::optional<bool>> toggle_at_expiry(std::string_view certificate_id) override
    {
        return m_store.toggle_at_expiry(certificate_id);
    }

private:
    store::Store m_store;
};

} // namespace

Result<std::unique_ptr<ExternalState>> open_store_state(const std::string& path)
{
    auto opened = store::open_store(path, store::OpenMode::read_only);
    if (!opened) {
        return opened.error();
    }
    return std::unique_ptr<ExternalState>(std::make_unique<StoreState>(std::move(opened).value()));
}

} // namespace certgate::app
