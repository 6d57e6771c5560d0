#pragma once
// A real PostgreSQL 15 server for the tests: initdb'd once per machine into a
// template, copied into a temporary data folder per test process, run as an
// unprivileged user (PostgreSQL refuses root) on 127.0.0.1 and a free port,
// stopped when the process ends.

#include <memory>
#include <string>

namespace certgate::testing {

class PostgresServer {
public:
    /// The server of this test process, started on first use; nullptr when
    /// PostgreSQL cannot be had (postgres_missing() then says why).
    [[nodiscard]] static PostgresServer* shared();

    /// Why shared() is nullptr, in one line for CERTGATE_REQUIRE_PEER.
    [[nodiscard]] static std::string postgres_missing();

    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    /// A new, empty database; returns its connection URI (with the password).
    [[nodiscard]] std::string create_database();

    /// The URI of `database` as `user` with `password`.
    [[nodiscard]] std::string url(const std::string& database, const std::string& user = "certgate",
                                  const std::string& password = k_password) const;

    /// Runs SQL with psql on the database of `url`; returns its unaligned
    /// output, or fails the test (ADD_FAILURE) and returns "".
    std::string execute(const std::string& url, const std::string& sql) const;

    /// Stops and starts the server again on the same port (fast shutdown).
    void stop();
    void start();

    [[nodiscard]] int port() const { return m_port; }

    static constexpr const char* k_password = "pg-test-s3cret-Zq7";

private:
    PostgresServer() = default;
    std::string m_folder;
    int m_port = 0;
    int m_databases = 0;
};

} // namespace certgate::testing
