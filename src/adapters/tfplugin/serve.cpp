#include "certgate/adapters/tfplugin/serve.hpp"

#include "certgate/adapters/x509/self_signed.hpp"

#include "handshake.hpp"
#include "provider_rpc.hpp"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <plugin_controller.grpc.pb.h>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

namespace certgate::tfplugin {
namespace {

// go-plugin's certificates live 30 years; the host pins this one for the
// life of one process only.
constexpr std::chrono::seconds k_certificate_validity{std::chrono::hours{24 * 365 * 30}};
constexpr std::chrono::seconds k_drain_deadline{5};

// plugin.GRPCController/Shutdown: the host's way to end the plugin. The
// answer goes out first; the main thread, woken by SIGTERM, then stops
// the server.
class Controller final : public plugin::GRPCController::Service {
public:
    grpc::Status Shutdown(grpc::ServerContext* /*context*/, const plugin::Empty* /*request*/,
                          plugin::Empty* /*response*/) override
    {
        ::kill(::getpid(), SIGTERM);
        return grpc::Status::OK;
    }
};

// True when nothing listens on 127.0.0.1:port now; keeps gRPC from logging
// a failed bind for each busy port of the range.
bool port_is_free(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    const int on = 1;
    (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

std::shared_ptr<grpc::ServerCredentials> credentials(const detail::StartPlan& plan,
                                                     const x509::SelfSignedIdentity& identity)
{
    if (plan.client_certificate_pem.empty()) {
        return grpc::InsecureServerCredentials();
    }
    // AutoMTLS: the host's own certificate is the only trust anchor, and a
    // client must present it.
    grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_root_certs = plan.client_certificate_pem;
    tls.pem_key_cert_pairs.push_back({identity.private_key_pem, identity.certificate_pem});
    return grpc::SslServerCredentials(tls);
}

struct Started {
    std::unique_ptr<grpc::Server> server;
    std::uint16_t port = 0;
};

Started start_server(const detail::StartPlan& plan, const std::shared_ptr<grpc::ServerCredentials>& creds,
                     const std::vector<grpc::Service*>& services)
{
    const bool any_port = plan.min_port == 0 && plan.max_port == 0;
    for (unsigned port = plan.min_port; port <= plan.max_port; ++port) {
        if (!any_port && !port_is_free(static_cast<std::uint16_t>(port))) {
            continue;
        }
        grpc::ServerBuilder builder;
        int selected = 0;
        builder.AddListeningPort("127.0.0.1:" + std::to_string(port), creds, &selected);
        // Without this, two plugins could share one port (SO_REUSEPORT).
        builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
        builder.SetMaxReceiveMessageSize(k_max_message_bytes);
        builder.SetMaxSendMessageSize(k_max_message_bytes);
        for (grpc::Service* service : services) {
            builder.RegisterService(service);
        }
        std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
        if (server && selected > 0) {
            return {std::move(server), static_cast<std::uint16_t>(selected)};
        }
    }
    return {};
}

// Waits for SIGTERM (from outside, or from Controller::Shutdown); SIGINT is
// Terraform's Ctrl-C reaching the whole process group and is ignored, as
// go-plugin's plugins ignore it.
void wait_for_termination(const sigset_t& signals)
{
    for (;;) {
        int received = 0;
        if (::sigwait(&signals, &received) == 0 && received == SIGTERM) {
            return;
        }
    }
}

} // namespace

int serve(ProviderService& service, const PluginEnvironment& environment, const ServeOptions& options)
{
    std::ostream& log = *options.log;
    auto plan = detail::plan_start(environment);
    if (!plan) {
        log << plan.error().message << '\n';
        return 1;
    }
    // Blocked before gRPC starts its threads, so that they inherit the mask
    // and only sigwait below ever receives these.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    x509::SelfSignedIdentity identity;
    if (!plan->client_certificate_pem.empty()) {
        auto made = x509::make_self_signed("localhost", options.now, k_certificate_validity);
        if (!made) {
            log << "certgate: error: " << made.error().message << '\n';
            return 1;
        }
        identity = std::move(made.value());
    }
    detail::ProviderRpc provider(service);
    Controller controller;
    grpc::EnableDefaultHealthCheckService(true);
    Started started = start_server(*plan, credentials(*plan, identity), {&provider, &controller});
    if (!started.server) {
        log << "certgate: error: could not listen on 127.0.0.1 "
            << (plan->max_port == 0 ? std::string("on any port")
                                    : "in PLUGIN_MIN_PORT..PLUGIN_MAX_PORT (" + std::to_string(plan->min_port) + ".." +
                                          std::to_string(plan->max_port) + ")")
            << '\n';
        return 1;
    }
    // go-plugin's host checks the "plugin" service before its first call.
    started.server->GetHealthCheckService()->SetServingStatus("plugin", true);
    *options.handshake << detail::handshake_line(started.port, identity.certificate_der) << '\n' << std::flush;

    wait_for_termination(signals);
    started.server->Shutdown(std::chrono::system_clock::now() + k_drain_deadline);
    started.server->Wait();
    return 0;
}

} // namespace certgate::tfplugin
