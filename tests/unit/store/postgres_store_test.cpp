// What only the PostgreSQL back end has: a server that can refuse the
// credentials, go away, drop the connection, take only reads or make
// transactions conflict. Each is a clear store error or is handled.

#include "certgate/adapters/store/store.hpp"

#include "support/certificates.hpp"
#include "support/peers.hpp"
#include "support/postgres_server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace certgate::store {
namespace {

using certgate::testing::at;
using certgate::testing::PostgresServer;

class PostgresStore : public ::testing::Test {
protected:
    void SetUp() override
    {
        CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
        server = PostgresServer::shared();
        location = server->create_database();
        database = location.substr(location.rfind('/') + 1);
    }

    [[nodiscard]] std::string shown() const
    {
        return "postgresql://127.0.0.1:" + std::to_string(server->port()) + "/" + database;
    }

    PostgresServer* server = nullptr;
    std::string location;
    std::string database;
};

TEST_F(PostgresStore, ThePathShowsHostPortAndDatabaseOnly)
{
    auto store = open_store(location);
    ASSERT_TRUE(store) << store.error().describe();
    EXPECT_EQ(store->path(), shown());
    EXPECT_EQ(location.find(PostgresServer::k_password) == std::string::npos, false);
}

TEST_F(PostgresStore, WrongCredentialsAreAClearErrorThatNeverShowsThePassword)
{
    auto store = open_store(server->url(database, "certgate", "Wr0ng-passw0rd-77"));
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::store);
    const auto text = store.error().describe();
    EXPECT_EQ(text.rfind(shown() + ": cannot connect to the store: ", 0), 0U) << text;
    EXPECT_NE(text.find("the server refused the credentials; check the user and the password in PGPASSWORD, "
                        "~/.pgpass or the connection URI"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("Wr0ng-passw0rd-77"), std::string::npos) << text;
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
}

TEST_F(PostgresStore, AnInvalidUriIsRefusedWithoutQuotingIt)
{
    auto store = open_store("postgresql://user:Se%zzcret@127.0.0.1:1/db");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::usage);
    EXPECT_EQ(store.error().describe(),
              "--store: the store location is not a valid PostgreSQL connection URI (expected "
              "postgresql://[user@]host[:port]/database[?param=value…]; the URI is not shown, it may hold a "
              "password)");
}

TEST_F(PostgresStore, AServerThatIsNotThereIsAClearError)
{
    // A port nothing listens on: bound, never listened.
    const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
    const auto port = std::to_string(ntohs(address.sin_port));
    auto store = open_store("postgresql://certgate:" + std::string(PostgresServer::k_password) + "@127.0.0.1:" + port +
                            "/certgate");
    ::close(socket_fd);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::store);
    const auto text = store.error().describe();
    EXPECT_EQ(text.rfind("postgresql://127.0.0.1:" + port + "/certgate: cannot connect to the store: ", 0), 0U) << text;
    EXPECT_NE(text.find("(the connection to the server is gone or cannot be made; check that the server runs and is "
                        "reachable, then run again)"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find(PostgresServer::k_password), std::string::npos) << text;
}

// A hot standby (here: default_transaction_read_only) takes no writes: a
// notifier refuses it before it sends anything; readers still read.
TEST_F(PostgresStore, AReadOnlyServerIsRefusedBeforeAnythingIsSent)
{
    {
        auto store = open_store(location);
        ASSERT_TRUE(store) << store.error().describe();
        ASSERT_TRUE(store->record_toggle_at_expiry("abc", true));
    }
    server->execute(location, "ALTER DATABASE " + database + " SET default_transaction_read_only = on");
    auto writer = open_store(location);
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().describe(),
              shown() + ": cannot write the store (the server accepts only reads: it is a hot standby or "
                        "default_transaction_read_only is on; point the store at the primary)");
    auto reader = open_store(location, OpenMode::read_only);
    ASSERT_TRUE(reader) << reader.error().describe();
    EXPECT_EQ(*reader->toggle_at_expiry("abc"), std::optional<bool>{true});
}

// A store opened before the server turned read-only: the write fails with
// the same hint, and nothing changes.
TEST_F(PostgresStore, AWriteToAServerThatTurnedReadOnlyFailsClearly)
{
    auto store = open_store(location);
    ASSERT_TRUE(store) << store.error().describe();
    server->execute(location, "ALTER DATABASE " + database + " SET default_transaction_read_only = on");
    server->execute(location, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database +
                                  "' AND pid <> pg_backend_pid()");
    auto written = store->record_toggle_at_expiry("abc", true);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::store);
    EXPECT_NE(written.error().message.find("cannot record a toggle: "), std::string::npos) << written.error().message;
    EXPECT_NE(written.error().message.find("(the server accepts only reads"), std::string::npos)
        << written.error().message;
}

// pg_terminate_backend (an administrator, a failover, a proxy timeout): the
// next call connects again once and succeeds.
TEST_F(PostgresStore, ADroppedConnectionIsMadeAgainOnce)
{
    auto store = open_store(location);
    ASSERT_TRUE(store) << store.error().describe();
    const auto killed = server->execute(location, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                  "WHERE datname = '" +
                                                      database + "' AND pid <> pg_backend_pid()");
    EXPECT_EQ(killed, "1\n");
    const DeliveryKey key{"c0ffee", "1w", "rcpt-0123456789abcdef", Channel::email};
    auto claimed = store->claim_delivery(key, "2026-12-04", at("2026-12-04T08:00:00Z"), std::chrono::seconds{600});
    ASSERT_TRUE(claimed) << claimed.error().describe();
    EXPECT_TRUE(*claimed);
    EXPECT_EQ(server->execute(location, "SELECT state FROM deliveries"), "pending\n");
}

// The server stops mid-run: the call fails as a store error (exit 2), and
// once it is back the same store works again.
TEST_F(PostgresStore, AStoppedServerIsAStoreErrorAndARestartedOneServesAgain)
{
    auto store = open_store(location);
    ASSERT_TRUE(store) << store.error().describe();
    server->stop();
    auto written = store->record_toggle_at_expiry("abc", true);
    server->start();
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, ErrorCode::store);
    EXPECT_EQ(written.error().where, shown());
    EXPECT_NE(written.error().message.find("(the connection to the server is gone or cannot be made; check that the "
                                           "server runs and is reachable, then run again)"),
              std::string::npos)
        << written.error().message;
    ASSERT_TRUE(store->record_toggle_at_expiry("abc", false));
    EXPECT_EQ(*store->toggle_at_expiry("abc"), std::optional<bool>{false});
}

// Under SERIALIZABLE, racing claims fail with SQLSTATE 40001; each is tried
// again, so every delivery is still claimed exactly once and no call fails.
TEST_F(PostgresStore, SerializationFailuresAreTriedAgain)
{
    {
        auto migrated = open_store(location);
        ASSERT_TRUE(migrated) << migrated.error().describe();
    }
    server->execute(location, "ALTER DATABASE " + database + " SET default_transaction_isolation = serializable");
    constexpr int k_workers = 4;
    constexpr int k_deliveries = 30;
    std::atomic<int> claimed{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int worker = 0; worker < k_workers; ++worker) {
        workers.emplace_back([&] {
            auto store = open_store(location);
            if (!store) {
                ++failures;
                return;
            }
            for (int i = 0; i < k_deliveries; ++i) {
                const DeliveryKey key{"cert-" + std::to_string(i), "1w", "rcpt-a", Channel::email};
                auto won =
                    store->claim_delivery(key, "2026-12-04", at("2026-12-04T08:00:00Z"), std::chrono::seconds{600});
                if (!won) {
                    ADD_FAILURE() << won.error().describe();
                    ++failures;
                } else if (*won) {
                    ++claimed;
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(claimed.load(), k_deliveries);
}

} // namespace
} // namespace certgate::store
