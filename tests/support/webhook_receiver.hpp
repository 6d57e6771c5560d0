#pragma once
// A webhook receiver on 127.0.0.1 (cpp-httplib) whose answer the test
// controls: it keeps every request it got, answers with `status` after
// `delay`, and can run an action while a request waits for its answer.

#include "certgate/adapters/delivery/webhook.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace certgate::testing {

class WebhookReceiver {
public:
    /// Listens on an ephemeral port of 127.0.0.1 at POST /hook.
    explicit WebhookReceiver(int status = 200, std::chrono::milliseconds delay = {});
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    /// One request as received.
    struct Request {
        std::string body;
        std::string signature;    ///< webhook-signature
        std::string key;          ///< Idempotency-Key
        std::string timestamp;    ///< webhook-timestamp
        std::string id;           ///< webhook-id
        std::string content_type; ///< Content-Type
        /// The Standard Webhooks signature this request should carry with
        /// `secret` (inline: the test binary links the delivery adapter).
        [[nodiscard]] std::string expected_signature(const std::string& secret) const
        {
            return delivery::webhook_signature(secret, key, std::stoll(timestamp.empty() ? "0" : timestamp), body);
        }
    };

    [[nodiscard]] int port() const { return m_port; }
    /// scheme://host:port, as messages name the receiver.
    [[nodiscard]] std::string origin() const;
    [[nodiscard]] std::string url() const;
    /// The requests not yet taken, oldest first.
    std::vector<Request> take();
    /// Runs `action` once, when the next request has arrived and before it
    /// is answered (e.g. to fill the store's disk or lock the store).
    void before_next_answer(std::function<void()> action);
    /// Runs `action` for every request, once it is recorded and before the
    /// delay and the answer, outside the receiver's lock (it may wait for
    /// events, such as another request). Set it before requests arrive.
    void on_each_request(std::function<void(const Request&)> action);

    std::atomic<int> m_status;
    std::atomic<int> m_delay_ms;

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<Request> m_requests;
    std::function<void()> m_on_request;
    std::function<void(const Request&)> m_on_each;
};

} // namespace certgate::testing
