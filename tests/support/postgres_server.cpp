#include "support/postgres_server.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace certgate::testing {
namespace {

namespace fs = std::filesystem;

ProcessOptions within(std::chrono::milliseconds timeout)
{
    ProcessOptions options;
    options.timeout = timeout;
    return options;
}

std::string bin_folder()
{
    const char* configured = std::getenv("CERTGATE_POSTGRES_BIN");
    return configured != nullptr && *configured != '\0' ? configured : "/usr/lib/postgresql/15/bin";
}

// The unprivileged account the server runs as when the tests run as root.
constexpr const char* k_server_user = "postgres";

bool running_as_root()
{
    return ::geteuid() == 0;
}

/// argv, run as the server's user when this process is root.
std::vector<std::string> as_server_user(std::vector<std::string> argv)
{
    if (running_as_root()) {
        argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", k_server_user, "--"});
    }
    return argv;
}

void give_to_server_user(const fs::path& path)
{
    if (!running_as_root()) {
        return;
    }
    const passwd* account = ::getpwnam(k_server_user);
    if (account != nullptr && ::chown(path.c_str(), account->pw_uid, account->pw_gid) != 0) {
        ADD_FAILURE() << "cannot chown " << path;
    }
}

std::string why_missing()
{
    if (!fs::exists(bin_folder() + "/initdb")) {
        return "PostgreSQL 15 (" + bin_folder() + "/initdb; apt-get install postgresql-15)";
    }
    if (running_as_root() && ::getpwnam(k_server_user) == nullptr) {
        return std::string("PostgreSQL: user \"") + k_server_user + "\" to run the server as (not root)";
    }
    return {};
}

int free_port()
{
    const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(socket_fd);
    return ntohs(address.sin_port);
}

/// The initdb'd data folder every test process copies (initdb takes
/// seconds, a copy a fraction of one). Made once per machine; a race between
/// two processes is settled by rename.
std::string template_folder()
{
    const std::string folder = "/tmp/certgate-postgres-template-15-v1";
    if (fs::exists(folder + "/data/PG_VERSION")) {
        return folder;
    }
    const std::string building = folder + "." + std::to_string(::getpid());
    fs::remove_all(building);
    fs::create_directories(building);
    give_to_server_user(building);
    {
        std::ofstream(building + "/password") << PostgresServer::k_password << "\n";
    }
    give_to_server_user(building + "/password");
    const auto made = run_process(as_server_user({bin_folder() + "/initdb", "-D", building + "/data", "-U", "certgate",
                                                  "--pwfile=" + building + "/password", "-E", "UTF8", "--locale=C",
                                                  "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"}),
                                  within(std::chrono::milliseconds{120000}));
    if (made.exit_code != 0) {
        ADD_FAILURE() << "initdb failed: " << made.err;
        fs::remove_all(building);
        return {};
    }
    std::error_code raced;
    fs::rename(building, folder, raced);
    if (raced) {
        fs::remove_all(building);
    }
    return folder;
}

} // namespace

std::string PostgresServer::postgres_missing()
{
    const auto why = why_missing();
    return why.empty() ? "PostgreSQL 15: the test server did not start" : why;
}

PostgresServer* PostgresServer::shared()
{
    static const std::unique_ptr<PostgresServer> server = []() -> std::unique_ptr<PostgresServer> {
        if (!why_missing().empty()) {
            return nullptr;
        }
        const auto source = template_folder();
        if (source.empty()) {
            return nullptr;
        }
        std::unique_ptr<PostgresServer> made(new PostgresServer);
        char folder[] = "/tmp/certgate-pg-XXXXXX";
        if (::mkdtemp(folder) == nullptr) {
            return nullptr;
        }
        made->m_folder = folder;
        give_to_server_user(made->m_folder);
        const auto copied = run_process({"/bin/cp", "-a", source + "/data", made->m_folder + "/data"},
                                        within(std::chrono::seconds{60}));
        if (copied.exit_code != 0) {
            ADD_FAILURE() << "cannot copy the PostgreSQL template: " << copied.err;
            return nullptr;
        }
        made->m_port = free_port();
        made->start();
        return made;
    }();
    return server.get();
}

PostgresServer::~PostgresServer()
{
    (void)run_process(
        as_server_user({bin_folder() + "/pg_ctl", "-D", m_folder + "/data", "-m", "immediate", "-w", "stop"}),
        within(std::chrono::seconds{30}));
    std::error_code ignored;
    fs::remove_all(m_folder, ignored);
}

void PostgresServer::start()
{
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(m_port) + " -k " + m_folder +
                                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                " -c max_connections=60 -c shared_buffers=16MB";
    const auto started =
        run_process(as_server_user({bin_folder() + "/pg_ctl", "-D", m_folder + "/data", "-l", m_folder + "/server.log",
                                    "-w", "-t", "60", "-o", options, "start"}),
                    within(std::chrono::seconds{90}));
    if (started.exit_code != 0) {
        std::ifstream log(m_folder + "/server.log");
        const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        ADD_FAILURE() << "PostgreSQL did not start: " << started.out << started.err << text;
    }
}

void PostgresServer::stop()
{
    const auto stopped =
        run_process(as_server_user({bin_folder() + "/pg_ctl", "-D", m_folder + "/data", "-m", "fast", "-w", "stop"}),
                    within(std::chrono::seconds{60}));
    if (stopped.exit_code != 0) {
        ADD_FAILURE() << "PostgreSQL did not stop: " << stopped.err;
    }
}

std::string PostgresServer::url(const std::string& database, const std::string& user, const std::string& password) const
{
    return "postgresql://" + user + ":" + password + "@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PostgresServer::create_database()
{
    const auto name = "store_" + std::to_string(::getpid()) + "_" + std::to_string(++m_databases);
    execute(url("postgres"), "CREATE DATABASE " + name);
    return url(name);
}

std::string PostgresServer::execute(const std::string& target, const std::string& sql) const
{
    const auto ran =
        run_process({bin_folder() + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql},
                    within(std::chrono::seconds{60}));
    if (ran.exit_code != 0) {
        ADD_FAILURE() << "psql failed on \"" << sql << "\": " << ran.err;
        return {};
    }
    return ran.out;
}

} // namespace certgate::testing
