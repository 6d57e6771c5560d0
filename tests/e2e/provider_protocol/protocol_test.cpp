// The plugin protocol as Terraform's host speaks it, from a C++ gRPC client
// against a real plugin process (the adapter and app::serve_provider over
// the echo provider, tests/e2e/provider_protocol/echo_provider.hpp): the
// go-plugin handshake, AutoMTLS, health, shutdown, and tfplugin6 calls
// whose values make msgpack round trips.
#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"
#include "certgate/adapters/x509/self_signed.hpp"
#include "e2e/provider_protocol/echo_provider.hpp"
#include "e2e/provider_protocol/plugin_process.hpp"
#include "support/temp_dir.hpp"

#include <grpcpp/grpcpp.h>
#include <plugin_controller.grpc.pb.h>
#include <protocol_test_services.grpc.pb.h>
#include <tfplugin6.grpc.pb.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <regex>

namespace certgate::testing {
namespace {

// Bytes written as a literal, NUL bytes included.
template <std::size_t N> std::string wire(const char (&literal)[N])
{
    return std::string(literal, N - 1);
}

constexpr const char* k_cookie = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

x509::SelfSignedIdentity client_identity()
{
    auto made = x509::make_self_signed("localhost", std::chrono::system_clock::now(), std::chrono::hours(1));
    EXPECT_TRUE(made);
    return made.value();
}

std::string base64_decode_unpadded(const std::string& text)
{
    std::string padded = text;
    while (padded.size() % 4 != 0) {
        padded += '=';
    }
    std::string out(padded.size() / 4 * 3, '\0');
    const int size =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(padded.data()), static_cast<int>(padded.size()));
    EXPECT_GT(size, 0);
    out.resize(static_cast<std::size_t>(size) - (padded.size() - text.size()));
    return out;
}

std::string der_to_pem(const std::string& der)
{
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    X509* certificate = d2i_X509(nullptr, &cursor, static_cast<long>(der.size()));
    EXPECT_NE(certificate, nullptr);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, certificate);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    X509_free(certificate);
    return pem;
}

struct Handshake {
    std::string line;
    int port = 0;
    std::string certificate_der;
};

Handshake parse_handshake(const std::string& line)
{
    static const std::regex k_form(R"(^1\|6\|tcp\|127\.0\.0\.1:([0-9]+)\|grpc\|([A-Za-z0-9+/]*)$)");
    std::smatch match;
    Handshake handshake;
    handshake.line = line;
    if (!std::regex_match(line, match, k_form)) {
        ADD_FAILURE() << "not a go-plugin handshake line: " << line;
        return handshake;
    }
    handshake.port = std::stoi(match[1]);
    handshake.certificate_der = match[2].length() > 0 ? base64_decode_unpadded(match[2]) : "";
    return handshake;
}

// One plugin process with AutoMTLS, as Terraform starts it.
class Plugin {
public:
    explicit Plugin(std::map<std::string, std::string> extra = {}, bool auto_mtls = true) : m_client(client_identity())
    {
        std::map<std::string, std::string> environment{{"TF_PLUGIN_MAGIC_COOKIE", k_cookie},
                                                       {"PLUGIN_PROTOCOL_VERSIONS", "5,6"}};
        if (auto_mtls) {
            environment["PLUGIN_CLIENT_CERT"] = m_client.certificate_pem;
        }
        for (auto& [name, value] : extra) {
            environment[name] = value;
        }
        m_process = std::make_unique<PluginProcess>(echo_provider_program(), environment,
                                                    std::vector<std::string>{"PLUGIN_MIN_PORT", "PLUGIN_MAX_PORT"},
                                                    (m_folder.path() / "stderr.txt").string());
        auto line = m_process->read_line();
        EXPECT_TRUE(line.has_value()) << "no handshake line; stderr: " << m_process->stderr_text();
        m_handshake = parse_handshake(line.value_or(""));
    }

    PluginProcess& process() { return *m_process; }
    const Handshake& handshake() const { return m_handshake; }
    const x509::SelfSignedIdentity& client() const { return m_client; }
    std::string address() const { return "127.0.0.1:" + std::to_string(m_handshake.port); }

    std::shared_ptr<grpc::Channel> channel(const x509::SelfSignedIdentity* as = nullptr) const
    {
        const x509::SelfSignedIdentity& identity = as != nullptr ? *as : m_client;
        grpc::ChannelArguments arguments;
        arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
        arguments.SetMaxSendMessageSize(64 * 1024 * 1024);
        if (m_handshake.certificate_der.empty()) {
            return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), arguments);
        }
        grpc::SslCredentialsOptions tls;
        tls.pem_root_certs = der_to_pem(m_handshake.certificate_der);
        tls.pem_private_key = identity.private_key_pem;
        tls.pem_cert_chain = identity.certificate_pem;
        arguments.SetSslTargetNameOverride("localhost");
        return grpc::CreateCustomChannel(address(), grpc::SslCredentials(tls), arguments);
    }
    std::unique_ptr<tfplugin6::Provider::Stub> provider() const { return tfplugin6::Provider::NewStub(channel()); }

private:
    TempDir m_folder;
    x509::SelfSignedIdentity m_client;
    std::unique_ptr<PluginProcess> m_process;
    Handshake m_handshake;
};

std::unique_ptr<grpc::ClientContext> context_with_deadline()
{
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
}

// --- go-plugin's start-up ---------------------------------------------------

TEST(ProviderProtocol, HandshakeLineIsTheOnlyOutputAndNamesTheServedCertificate)
{
    Plugin plugin;
    const Handshake& handshake = plugin.handshake();
    ASSERT_GT(handshake.port, 0);
    ASSERT_FALSE(handshake.certificate_der.empty());
    // No padding: the field ends in a base64 letter, never '='.
    EXPECT_EQ(handshake.line.find('='), std::string::npos);

    // A plain TLS client (the host's certificate, ALPN h2) sees exactly the
    // certificate the line names.
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    ASSERT_NE(context, nullptr);
    BIO* certificate_bio = BIO_new_mem_buf(plugin.client().certificate_pem.data(), -1);
    BIO* key_bio = BIO_new_mem_buf(plugin.client().private_key_pem.data(), -1);
    X509* client_certificate = PEM_read_bio_X509(certificate_bio, nullptr, nullptr, nullptr);
    EVP_PKEY* client_key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    ASSERT_EQ(SSL_CTX_use_certificate(context, client_certificate), 1);
    ASSERT_EQ(SSL_CTX_use_PrivateKey(context, client_key), 1);
    const unsigned char alpn[] = {2, 'h', '2'};
    SSL_CTX_set_alpn_protos(context, alpn, sizeof alpn);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(handshake.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    SSL* ssl = SSL_new(context);
    SSL_set_fd(ssl, fd);
    ASSERT_EQ(SSL_connect(ssl), 1) << ERR_error_string(ERR_get_error(), nullptr);
    EXPECT_GE(SSL_version(ssl), TLS1_2_VERSION);
    const unsigned char* selected = nullptr;
    unsigned selected_size = 0;
    SSL_get0_alpn_selected(ssl, &selected, &selected_size);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(selected), selected_size), "h2");
    X509* served = SSL_get1_peer_certificate(ssl);
    ASSERT_NE(served, nullptr);
    unsigned char* served_der = nullptr;
    const int served_size = i2d_X509(served, &served_der);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(served_der), static_cast<std::size_t>(served_size)),
              handshake.certificate_der);
    // go-plugin's shape: an ECDSA key, "localhost" as the DNS name.
    EXPECT_EQ(EVP_PKEY_base_id(X509_get0_pubkey(served)), EVP_PKEY_EC);
    EXPECT_EQ(X509_check_host(served, "localhost", 0, 0, nullptr), 1);
    OPENSSL_free(served_der);
    X509_free(served);
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(context);
    X509_free(client_certificate);
    EVP_PKEY_free(client_key);
    BIO_free(certificate_bio);
    BIO_free(key_bio);

    // Nothing else on stdout, ever.
    auto stub = plugin::GRPCController::NewStub(plugin.channel());
    plugin::Empty empty;
    auto shutdown_context = context_with_deadline();
    ASSERT_TRUE(stub->Shutdown(shutdown_context.get(), empty, &empty).ok());
    EXPECT_EQ(plugin.process().wait(), 0);
    EXPECT_EQ(plugin.process().rest_of_stdout(), "");
}

TEST(ProviderProtocol, EachStartHasAFreshCertificate)
{
    Plugin first;
    Plugin second;
    EXPECT_FALSE(first.handshake().certificate_der.empty());
    EXPECT_NE(first.handshake().certificate_der, second.handshake().certificate_der);
}

TEST(ProviderProtocol, WithoutTheCookieItSaysWhatItIsAndExits1)
{
    TempDir folder;
    for (const std::map<std::string, std::string>& environment :
         {std::map<std::string, std::string>{},
          std::map<std::string, std::string>{{"TF_PLUGIN_MAGIC_COOKIE", "wrong"}}}) {
        PluginProcess process(echo_provider_program(), environment, {"TF_PLUGIN_MAGIC_COOKIE"},
                              (folder.path() / "stderr.txt").string());
        EXPECT_EQ(process.wait(), 1);
        EXPECT_EQ(process.rest_of_stdout(), "");
        EXPECT_EQ(process.stderr_text(),
                  "certgate: error: terraform-provider-certgate is a Terraform provider plugin: it is started by "
                  "terraform or tofu (declare certgate/certgate in required_providers and run terraform init), not "
                  "run by hand\n");
    }
}

TEST(ProviderProtocol, AHostWithoutProtocol6IsRefused)
{
    TempDir folder;
    PluginProcess process(echo_provider_program(),
                          {{"TF_PLUGIN_MAGIC_COOKIE", k_cookie}, {"PLUGIN_PROTOCOL_VERSIONS", "4,5"}}, {},
                          (folder.path() / "stderr.txt").string());
    EXPECT_EQ(process.wait(), 1);
    EXPECT_EQ(process.rest_of_stdout(), "");
    EXPECT_EQ(process.stderr_text(), "certgate: error: PLUGIN_PROTOCOL_VERSIONS: the host does not offer plugin "
                                     "protocol 6, the only one this provider speaks (Terraform 1.0 or later, any "
                                     "OpenTofu)\n");
}

TEST(ProviderProtocol, BadPortRangeAndClientCertificateAreRefused)
{
    TempDir folder;
    const std::vector<std::pair<std::map<std::string, std::string>, std::string>> cases{
        {{{"PLUGIN_MIN_PORT", "20001"}, {"PLUGIN_MAX_PORT", "20000"}},
         "certgate: error: PLUGIN_MIN_PORT is greater than PLUGIN_MAX_PORT\n"},
        {{{"PLUGIN_MIN_PORT", "ten"}, {"PLUGIN_MAX_PORT", "20000"}},
         "certgate: error: PLUGIN_MIN_PORT: expected a port number from 0 to 65535\n"},
        {{{"PLUGIN_CLIENT_CERT", "not a certificate"}},
         "certgate: error: PLUGIN_CLIENT_CERT: expected the host's certificate in PEM form\n"},
    };
    for (const auto& [extra, expected] : cases) {
        std::map<std::string, std::string> environment{{"TF_PLUGIN_MAGIC_COOKIE", k_cookie}};
        environment.insert(extra.begin(), extra.end());
        PluginProcess process(echo_provider_program(), environment, {}, (folder.path() / "stderr.txt").string());
        EXPECT_EQ(process.wait(), 1) << expected;
        EXPECT_EQ(process.stderr_text(), expected);
    }
}

// A port the system gave and still holds open, so the plugin must skip it.
struct HeldPort {
    int fd = -1;
    int port = 0;
    HeldPort()
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        EXPECT_EQ(::listen(fd, 1), 0);
        socklen_t size = sizeof address;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
        port = ntohs(address.sin_port);
    }
    ~HeldPort() { ::close(fd); }
};

bool port_free(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return free;
}

TEST(ProviderProtocol, PortRangeIsHonouredAndABusyPortSkipped)
{
    HeldPort held;
    ASSERT_GT(held.port, 0);
    ASSERT_LT(held.port, 65535);
    if (!port_free(held.port + 1)) {
        GTEST_SKIP() << "port " << held.port + 1 << " is busy on this machine";
    }
    Plugin plugin({{"PLUGIN_MIN_PORT", std::to_string(held.port)}, {"PLUGIN_MAX_PORT", std::to_string(held.port + 1)}});
    EXPECT_EQ(plugin.handshake().port, held.port + 1);

    // The whole range busy: one line, exit 1.
    TempDir folder;
    PluginProcess refused(echo_provider_program(),
                          {{"TF_PLUGIN_MAGIC_COOKIE", k_cookie},
                           {"PLUGIN_MIN_PORT", std::to_string(held.port)},
                           {"PLUGIN_MAX_PORT", std::to_string(held.port)}},
                          {}, (folder.path() / "stderr.txt").string());
    EXPECT_EQ(refused.wait(), 1);
    EXPECT_EQ(refused.stderr_text(),
              "certgate: error: could not listen on 127.0.0.1 in PLUGIN_MIN_PORT..PLUGIN_MAX_PORT (" +
                  std::to_string(held.port) + ".." + std::to_string(held.port) + ")\n");
}

TEST(ProviderProtocol, MutualTlsRefusesAClientWithAnotherCertificate)
{
    Plugin plugin;
    const x509::SelfSignedIdentity stranger = client_identity();
    auto stub = tfplugin6::Provider::NewStub(plugin.channel(&stranger));
    tfplugin6::GetProviderSchema::Request request;
    tfplugin6::GetProviderSchema::Response response;
    auto refused_context = context_with_deadline();
    const grpc::Status refused = stub->GetProviderSchema(refused_context.get(), request, &response);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();

    auto accepted_context = context_with_deadline();
    EXPECT_TRUE(plugin.provider()->GetProviderSchema(accepted_context.get(), request, &response).ok());
}

TEST(ProviderProtocol, WithoutAClientCertificateItServesPlaintextAsGoPluginDoes)
{
    Plugin plugin({}, false);
    EXPECT_EQ(plugin.handshake().line, "1|6|tcp|127.0.0.1:" + std::to_string(plugin.handshake().port) + "|grpc|");
    tfplugin6::GetProviderSchema::Request request;
    tfplugin6::GetProviderSchema::Response response;
    auto context = context_with_deadline();
    EXPECT_TRUE(plugin.provider()->GetProviderSchema(context.get(), request, &response).ok());
}

TEST(ProviderProtocol, HealthSaysPluginIsServingAndOtherServicesAreUnimplemented)
{
    Plugin plugin;
    auto health = grpc::health::v1::Health::NewStub(plugin.channel());
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("plugin");
    grpc::health::v1::HealthCheckResponse response;
    auto context = context_with_deadline();
    ASSERT_TRUE(health->Check(context.get(), request, &response).ok());
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

    request.set_service("no-such-service");
    auto unknown_context = context_with_deadline();
    EXPECT_EQ(health->Check(unknown_context.get(), request, &response).error_code(), grpc::StatusCode::NOT_FOUND);

    auto other = grpc::health::v1::NotServed::NewStub(plugin.channel());
    auto other_context = context_with_deadline();
    EXPECT_EQ(other->Check(other_context.get(), request, &response).error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST(ProviderProtocol, ShutdownEndsTheProcessWithStatus0)
{
    Plugin plugin;
    auto stub = plugin::GRPCController::NewStub(plugin.channel());
    plugin::Empty empty;
    auto context = context_with_deadline();
    ASSERT_TRUE(stub->Shutdown(context.get(), empty, &empty).ok());
    EXPECT_EQ(plugin.process().wait(std::chrono::seconds(10)), 0);
}

TEST(ProviderProtocol, SigintIsIgnoredAndSigtermStopsCleanly)
{
    Plugin plugin;
    plugin.process().send(SIGINT);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_TRUE(plugin.process().running());
    tfplugin6::GetProviderSchema::Request request;
    tfplugin6::GetProviderSchema::Response response;
    auto context = context_with_deadline();
    EXPECT_TRUE(plugin.provider()->GetProviderSchema(context.get(), request, &response).ok());
    plugin.process().send(SIGTERM);
    EXPECT_EQ(plugin.process().wait(std::chrono::seconds(10)), 0);
}

// --- tfplugin6 ---------------------------------------------------------------

TEST(ProviderProtocol, GetProviderSchemaCarriesTypesAsCtyJson)
{
    Plugin plugin;
    tfplugin6::GetProviderSchema::Request request;
    tfplugin6::GetProviderSchema::Response response;
    auto context = context_with_deadline();
    ASSERT_TRUE(plugin.provider()->GetProviderSchema(context.get(), request, &response).ok());
    EXPECT_EQ(response.diagnostics_size(), 0);
    ASSERT_EQ(response.provider().block().attributes_size(), 1);
    EXPECT_EQ(response.provider().block().attributes(0).name(), "store");
    EXPECT_EQ(response.provider().block().attributes(0).type(), "\"string\"");
    EXPECT_TRUE(response.provider().block().attributes(0).optional());
    EXPECT_EQ(response.provider().block().attributes(0).description(), "where the store is");
    ASSERT_EQ(response.data_source_schemas().count("test_echo"), 1U);
    const auto& echo = response.data_source_schemas().at("test_echo").block();
    EXPECT_EQ(echo.description(), "answers its configuration");
    std::map<std::string, std::string> types;
    for (const auto& attribute : echo.attributes()) {
        types[attribute.name()] = attribute.type();
        EXPECT_EQ(attribute.sensitive(), attribute.name() == "secret") << attribute.name();
    }
    EXPECT_EQ(types,
              (std::map<std::string, std::string>{{"flag", "\"bool\""},
                                                  {"labels", R"(["map","string"])"},
                                                  {"nested", R"(["object",{"a":"string","b":["list","number"]}])"},
                                                  {"number", "\"number\""},
                                                  {"secret", "\"string\""},
                                                  {"tags", R"(["set","string"])"},
                                                  {"text", "\"string\""}}));
    ASSERT_EQ(response.resource_schemas().count("test_thing"), 1U);
    EXPECT_EQ(response.resource_schemas().at("test_thing").version(), 1);
    EXPECT_TRUE(response.resource_schemas().at("test_thing").block().attributes(0).computed());
    EXPECT_TRUE(response.server_capabilities().plan_destroy());

    tfplugin6::GetMetadata::Request metadata_request;
    tfplugin6::GetMetadata::Response metadata;
    auto metadata_context = context_with_deadline();
    ASSERT_TRUE(plugin.provider()->GetMetadata(metadata_context.get(), metadata_request, &metadata).ok());
    ASSERT_EQ(metadata.data_sources_size(), 1);
    EXPECT_EQ(metadata.data_sources(0).type_name(), "test_echo");
    ASSERT_EQ(metadata.resources_size(), 1);
    EXPECT_EQ(metadata.resources(0).type_name(), "test_thing");
}

tv::TypePtr echo_type()
{
    return msgpack_value::parse_type_json(
               R"(["object",{"flag":"bool","labels":["map","string"],"nested":["object",{"a":"string","b":["list","number"]}],)"
               R"("number":"number","secret":"string","tags":["set","string"],"text":"string"}])")
        .value();
}

tv::Value number_of(double n)
{
    tv::Value value;
    value.kind = tv::ValueKind::number;
    value.number = n;
    return value;
}

tv::Value echo_config(tv::Value text)
{
    tv::Value unknown;
    unknown.kind = tv::ValueKind::unknown;
    tv::Value list;
    list.kind = tv::ValueKind::list;
    list.items = {number_of(1), number_of(2.5), number_of(-3), number_of(1e20)};
    tv::Value nested;
    nested.kind = tv::ValueKind::object;
    nested.fields = {{"a", unknown}, {"b", list}};
    tv::Value tags;
    tags.kind = tv::ValueKind::set;
    tags.items = {text_value("a.example"), text_value("b.example")};
    tv::Value labels;
    labels.kind = tv::ValueKind::map;
    labels.fields = {{"env", text_value("prod")}};
    tv::Value config;
    config.kind = tv::ValueKind::object;
    config.fields = {
        {"flag", tv::Value{}}, {"labels", labels}, {"nested", nested},       {"number", number_of(9007199254740991.0)},
        {"secret", unknown},   {"tags", tags},     {"text", std::move(text)}};
    return config;
}

tfplugin6::ReadDataSource::Response read_echo(const Plugin& plugin, const std::string& msgpack,
                                              const std::string& type_name = "test_echo")
{
    tfplugin6::ReadDataSource::Request request;
    request.set_type_name(type_name);
    request.mutable_config()->set_msgpack(msgpack);
    tfplugin6::ReadDataSource::Response response;
    auto context = context_with_deadline();
    const grpc::Status status = plugin.provider()->ReadDataSource(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
}

TEST(ProviderProtocol, ReadDataSourceRoundTripsUnknownNullNestedAndSets)
{
    Plugin plugin;
    auto config = msgpack_value::encode(echo_config(text_value("web")), *echo_type());
    ASSERT_TRUE(config);
    auto response = read_echo(plugin, config.value());
    EXPECT_EQ(response.diagnostics_size(), 0);
    // The echo answers the value it decoded; encoded again it is the same bytes.
    EXPECT_EQ(response.state().msgpack(), config.value());
    auto state = msgpack_value::decode(response.state().msgpack(), *echo_type());
    ASSERT_TRUE(state);
    EXPECT_EQ(field_of(state.value(), "secret")->kind, tv::ValueKind::unknown);
    EXPECT_EQ(field_of(state.value(), "flag")->kind, tv::ValueKind::null);
    EXPECT_EQ(field_of(*field_of(state.value(), "nested"), "a")->kind, tv::ValueKind::unknown);
    EXPECT_EQ(field_of(*field_of(state.value(), "nested"), "b")->items.at(3).number, 1e20);
}

TEST(ProviderProtocol, ARefinedUnknownFromTheHostIsAnsweredAsAPlainUnknown)
{
    Plugin plugin;
    // {text: ext12 {2: "web"}} as Terraform 1.6 writes a refined unknown string.
    const std::string refined = wire("\x81\xa4text\xc7\x06\x0c\x81\x02\xa3web");
    auto response = read_echo(plugin, refined);
    EXPECT_EQ(response.diagnostics_size(), 0);
    auto state = msgpack_value::decode(response.state().msgpack(), *echo_type());
    ASSERT_TRUE(state);
    EXPECT_EQ(field_of(state.value(), "text")->kind, tv::ValueKind::unknown);
    EXPECT_NE(response.state().msgpack().find(wire("\xa4text\xd4\x00\x00")), std::string::npos);
}

TEST(ProviderProtocol, DiagnosticsCarryTheirAttributePath)
{
    Plugin plugin;
    auto response = read_echo(plugin, msgpack_value::encode(echo_config(text_value("warn")), *echo_type()).value());
    ASSERT_EQ(response.diagnostics_size(), 1);
    const auto& warning = response.diagnostics(0);
    EXPECT_EQ(warning.severity(), tfplugin6::Diagnostic::WARNING);
    EXPECT_EQ(warning.summary(), "web.example.com expires in 9 working days");
    EXPECT_EQ(warning.detail(), "renew by 2026-12-08");
    ASSERT_EQ(warning.attribute().steps_size(), 4);
    EXPECT_EQ(warning.attribute().steps(0).attribute_name(), "nested");
    EXPECT_EQ(warning.attribute().steps(1).attribute_name(), "a");
    EXPECT_EQ(warning.attribute().steps(2).element_key_string(), "k");
    EXPECT_EQ(warning.attribute().steps(3).element_key_int(), 2);

    tfplugin6::ValidateProviderConfig::Request validate;
    tv::Value bad;
    bad.kind = tv::ValueKind::object;
    bad.fields = {{"store", text_value("bad")}};
    tv::Schema provider_schema;
    provider_schema.attributes.push_back({"store", primitive_type(tv::TypeKind::string), "", false, true});
    validate.mutable_config()->set_msgpack(
        msgpack_value::encode(bad, *msgpack_value::object_type_of(provider_schema)).value());
    tfplugin6::ValidateProviderConfig::Response validated;
    auto context = context_with_deadline();
    ASSERT_TRUE(plugin.provider()->ValidateProviderConfig(context.get(), validate, &validated).ok());
    ASSERT_EQ(validated.diagnostics_size(), 1);
    EXPECT_EQ(validated.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
    EXPECT_EQ(validated.diagnostics(0).attribute().steps(0).attribute_name(), "store");
}

TEST(ProviderProtocol, FaultsBecomeErrorDiagnosticsNotBrokenCalls)
{
    Plugin plugin;
    const std::string config = msgpack_value::encode(echo_config(text_value("web")), *echo_type()).value();
    auto unknown_type = read_echo(plugin, config, "test_nothing");
    ASSERT_EQ(unknown_type.diagnostics_size(), 1);
    EXPECT_EQ(unknown_type.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
    EXPECT_EQ(unknown_type.diagnostics(0).summary(), "Unknown data source type");
    EXPECT_EQ(unknown_type.diagnostics(0).detail(),
              "the certgate provider has no data source type \"test_nothing\"; it has: test_echo");

    auto garbage = read_echo(plugin, wire("\x81\xa4text\x05"));
    ASSERT_EQ(garbage.diagnostics_size(), 1);
    EXPECT_EQ(garbage.diagnostics(0).summary(), "Invalid data source configuration sent to the certgate provider");
    EXPECT_EQ(garbage.diagnostics(0).detail(), ".text: dynamic value: expected a string");

    auto thrown = read_echo(plugin, msgpack_value::encode(echo_config(text_value("throw")), *echo_type()).value());
    ASSERT_EQ(thrown.diagnostics_size(), 1);
    EXPECT_EQ(thrown.diagnostics(0).summary(), "Internal error in the certgate provider");
    EXPECT_EQ(thrown.diagnostics(0).detail(), "the echo provider was told to throw");

    auto misfit = read_echo(plugin, msgpack_value::encode(echo_config(text_value("misfit")), *echo_type()).value());
    ASSERT_EQ(misfit.diagnostics_size(), 1);
    EXPECT_EQ(misfit.diagnostics(0).summary(), "The certgate provider produced an invalid data source result");

    tfplugin6::ReadDataSource::Request json_request;
    json_request.set_type_name("test_echo");
    json_request.mutable_config()->set_json("{\"text\":\"web\"}");
    tfplugin6::ReadDataSource::Response json_response;
    auto context = context_with_deadline();
    ASSERT_TRUE(plugin.provider()->ReadDataSource(context.get(), json_request, &json_response).ok());
    ASSERT_EQ(json_response.diagnostics_size(), 1);
    EXPECT_EQ(json_response.diagnostics(0).detail(),
              "a DynamicValue in JSON form; certgate reads the msgpack form Terraform and OpenTofu send");
}

TEST(ProviderProtocol, AMessageOver4MiBIsAccepted)
{
    Plugin plugin;
    const std::string big(5 * 1024 * 1024, 'x');
    const std::string config = msgpack_value::encode(echo_config(text_value(big)), *echo_type()).value();
    ASSERT_GT(config.size(), 4U * 1024 * 1024);
    auto response = read_echo(plugin, config);
    EXPECT_EQ(response.diagnostics_size(), 0);
    EXPECT_EQ(response.state().msgpack(), config);
}

tv::TypePtr thing_type()
{
    return msgpack_value::parse_type_json(R"(["object",{"id":"string","name":"string"}])").value();
}

TEST(ProviderProtocol, ResourceLifecycleCallsMapEveryField)
{
    Plugin plugin;
    auto provider = plugin.provider();
    tv::Value proposed;
    proposed.kind = tv::ValueKind::object;
    proposed.fields = {{"id", tv::Value{}}, {"name", text_value("x")}};
    const std::string proposed_wire = msgpack_value::encode(proposed, *thing_type()).value();

    tfplugin6::PlanResourceChange::Request plan;
    plan.set_type_name("test_thing");
    plan.mutable_prior_state()->set_msgpack(wire("\xc0"));
    plan.mutable_proposed_new_state()->set_msgpack(proposed_wire);
    plan.mutable_config()->set_msgpack(proposed_wire);
    tfplugin6::PlanResourceChange::Response planned;
    auto plan_context = context_with_deadline();
    ASSERT_TRUE(provider->PlanResourceChange(plan_context.get(), plan, &planned).ok());
    EXPECT_EQ(planned.diagnostics_size(), 0);
    // id unknown until apply: ext 0.
    EXPECT_EQ(planned.planned_state().msgpack(), wire("\x82\xa2id\xd4\x00\x00\xa4name\xa1x"));
    ASSERT_EQ(planned.requires_replace_size(), 1);
    EXPECT_EQ(planned.requires_replace(0).steps(0).attribute_name(), "name");
    EXPECT_EQ(planned.planned_private(), "planned");

    tfplugin6::ApplyResourceChange::Request apply;
    apply.set_type_name("test_thing");
    apply.mutable_prior_state()->set_msgpack(wire("\xc0"));
    *apply.mutable_planned_state() = planned.planned_state();
    apply.mutable_config()->set_msgpack(proposed_wire);
    apply.set_planned_private(planned.planned_private());
    tfplugin6::ApplyResourceChange::Response applied;
    auto apply_context = context_with_deadline();
    ASSERT_TRUE(provider->ApplyResourceChange(apply_context.get(), apply, &applied).ok());
    EXPECT_EQ(applied.new_state().msgpack(), wire("\x82\xa2id\xa7thing-x\xa4name\xa1x"));
    EXPECT_EQ(applied.private_(), "planned+applied");

    tfplugin6::ReadResource::Request read;
    read.set_type_name("test_thing");
    *read.mutable_current_state() = applied.new_state();
    read.set_private_("kept");
    tfplugin6::ReadResource::Response current;
    auto read_context = context_with_deadline();
    ASSERT_TRUE(provider->ReadResource(read_context.get(), read, &current).ok());
    EXPECT_EQ(current.new_state().msgpack(), applied.new_state().msgpack());
    EXPECT_EQ(current.private_(), "kept");

    tfplugin6::ImportResourceState::Request import;
    import.set_type_name("test_thing");
    import.set_id("abc");
    tfplugin6::ImportResourceState::Response imported;
    auto import_context = context_with_deadline();
    ASSERT_TRUE(provider->ImportResourceState(import_context.get(), import, &imported).ok());
    ASSERT_EQ(imported.imported_resources_size(), 1);
    EXPECT_EQ(imported.imported_resources(0).type_name(), "test_thing");
    EXPECT_EQ(imported.imported_resources(0).state().msgpack(), wire("\x82\xa2id\xa3"
                                                                     "abc\xa4name\xa8imported"));

    tfplugin6::UpgradeResourceState::Request upgrade;
    upgrade.set_type_name("test_thing");
    upgrade.set_version(0);
    upgrade.mutable_raw_state()->set_json(R"({"id":"a","name":"b"})");
    tfplugin6::UpgradeResourceState::Response upgraded;
    auto upgrade_context = context_with_deadline();
    ASSERT_TRUE(provider->UpgradeResourceState(upgrade_context.get(), upgrade, &upgraded).ok());
    auto state = msgpack_value::decode(upgraded.upgraded_state().msgpack(), *thing_type());
    ASSERT_TRUE(state);
    EXPECT_EQ(field_of(state.value(), "id")->string, "a");
    EXPECT_EQ(field_of(state.value(), "name")->string, "b");

    upgrade.mutable_raw_state()->set_json("[]");
    auto refused_context = context_with_deadline();
    ASSERT_TRUE(provider->UpgradeResourceState(refused_context.get(), upgrade, &upgraded).ok());
    ASSERT_EQ(upgraded.diagnostics_size(), 1);
    EXPECT_EQ(upgraded.diagnostics(0).detail(), "the stored state is not a JSON object");

    // State in the flatmap form of Terraform before 0.12 is refused as well.
    tfplugin6::UpgradeResourceState::Request flatmap;
    flatmap.set_type_name("test_thing");
    flatmap.set_version(0);
    (*flatmap.mutable_raw_state()->mutable_flatmap())["id"] = "a";
    tfplugin6::UpgradeResourceState::Response flatmap_answer;
    auto flatmap_context = context_with_deadline();
    ASSERT_TRUE(provider->UpgradeResourceState(flatmap_context.get(), flatmap, &flatmap_answer).ok());
    ASSERT_EQ(flatmap_answer.diagnostics_size(), 1);
    EXPECT_EQ(flatmap_answer.diagnostics(0).summary(), "Unsupported state form");
    EXPECT_FALSE(flatmap_answer.has_upgraded_state());

    tfplugin6::StopProvider::Request stop;
    tfplugin6::StopProvider::Response stopped;
    auto stop_context = context_with_deadline();
    ASSERT_TRUE(provider->StopProvider(stop_context.get(), stop, &stopped).ok());
    EXPECT_EQ(stopped.error(), "");
}

} // namespace
} // namespace certgate::testing
