#pragma once
// The notification settings of each declared certificate, found in
// logarithmic time. Commands that walk every certificate (status, notify,
// the console) build it once, so their work grows with certificates plus
// notifications, not with their product.

#include "certgate/app/declarations.hpp"

#include <map>
#include <string_view>

namespace certgate::app {

class NotificationIndex {
public:
    /// Indexes `declarations.notifications`, which must outlive the index.
    /// When a certificate has several (only a declarations file that failed
    /// its reference check could), the first one declared counts.
    explicit NotificationIndex(const Declarations& declarations);

    /// The notification settings of a certificate, or nullptr when none are
    /// declared.
    [[nodiscard]] const DeclaredNotification* find(std::string_view certificate_id) const;

private:
    std::map<std::string_view, const DeclaredNotification*, std::less<>> m_by_certificate;
};

} // namespace certgate::app
