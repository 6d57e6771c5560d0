#include "support/webhook_receiver.hpp"

#include <utility>

namespace certgate::testing {

WebhookReceiver::WebhookReceiver(int status, std::chrono::milliseconds delay)
    : m_status(status), m_delay_ms(static_cast<int>(delay.count()))
{
    m_server.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
        const Request received{request.body,
                               request.get_header_value("webhook-signature"),
                               request.get_header_value("Idempotency-Key"),
                               request.get_header_value("webhook-timestamp"),
                               request.get_header_value("webhook-id"),
                               request.get_header_value("Content-Type")};
        {
            std::lock_guard lock(m_mutex);
            m_requests.push_back(received);
        }
        if (m_on_each) {
            m_on_each(received);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{m_delay_ms.load()});
        {
            std::lock_guard lock(m_mutex);
            if (m_on_request) {
                std::exchange(m_on_request, nullptr)();
            }
        }
        response.status = m_status.load();
        response.set_content("{}", "application/json");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
}

WebhookReceiver::~WebhookReceiver()
{
    m_server.stop();
    m_thread.join();
}

std::string WebhookReceiver::origin() const
{
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::string WebhookReceiver::url() const
{
    return origin() + "/hook";
}

std::vector<WebhookReceiver::Request> WebhookReceiver::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_requests, {});
}

void WebhookReceiver::before_next_answer(std::function<void()> action)
{
    std::lock_guard lock(m_mutex);
    m_on_request = std::move(action);
}

void WebhookReceiver::on_each_request(std::function<void(const Request&)> action)
{
    m_on_each = std::move(action);
}

} // namespace certgate::testing
