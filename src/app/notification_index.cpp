#include "certgate/app/notification_index.hpp"

namespace certgate::app {

NotificationIndex::NotificationIndex(const Declarations& declarations)
{
    for (const auto& notification : declarations.notifications) {
        m_by_certificate.emplace(notification.certificate_id, &notification); // keeps the first
    }
}

const DeclaredNotification* NotificationIndex::find(std::string_view certificate_id) const
{
    const auto found = m_by_certificate.find(certificate_id);
    return found == m_by_certificate.end() ? nullptr : found->second;
}

} // namespace certgate::app
