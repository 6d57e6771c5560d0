// `certgate store migrate` and `certgate store status` against an SQLite
// file and a real PostgreSQL database: the schema version before and after,
// the counts, and the failures (exit status 2, no password printed).

#include "support/peers.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace certgate::testing {
namespace {

ProcessResult store_command(const std::vector<std::string>& args)
{
    ProcessOptions options;
    options.unset_environment = {"CERTGATE_STORE", "PGPASSWORD", "PGHOST", "PGUSER", "PGDATABASE", "PGPORT"};
    auto all = args;
    all.insert(all.begin(), "store");
    return run_certgate(all, options);
}

std::string counts(int schema, int supported)
{
    return "schema version: " + std::to_string(schema) + " (this certgate writes " + std::to_string(supported) +
           ")\nrecipients: 0 pending, 0 verified\ndeliveries: 0 pending, 0 sent, 0 failed, 0 refused\n"
           "toggles recorded at expiry: 0\ntoggles applied to the cloud: 0\n";
}

TEST(StoreCommand, StatusOfAMissingSqliteFileCreatesNothingAndMigrateCreatesIt)
{
    TempDir dir;
    const auto path = (dir.path() / "state" / "certgate.db").string();
    const auto before = store_command({"status", "--store", path});
    EXPECT_EQ(before.exit_code, 0) << before.err;
    EXPECT_EQ(before.out, "store: " + path + "\nback end: sqlite\n" + counts(0, 3));
    EXPECT_FALSE(std::filesystem::exists(path));
    const auto migrated = store_command({"migrate", "--store", path});
    EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_EQ(migrated.out,
              "migrated: the store is at schema version 3\nstore: " + path + "\nback end: sqlite\n" + counts(3, 3));
    const auto after = store_command({"status", "--store", path});
    EXPECT_EQ(after.out, "store: " + path + "\nback end: sqlite\n" + counts(3, 3));
}

TEST(StoreCommand, MigratesAndShowsAPostgresStoreWithoutItsPassword)
{
    CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
    auto* server = PostgresServer::shared();
    const auto url = server->create_database();
    const auto shown = "postgresql://127.0.0.1:" + std::to_string(server->port()) + url.substr(url.rfind('/'));
    const auto before = store_command({"status", "--store", url});
    EXPECT_EQ(before.exit_code, 0) << before.err;
    EXPECT_EQ(before.out, "store: " + shown + "\nback end: postgresql\n" + counts(0, 1));
    const auto migrated = store_command({"migrate", "--store", url});
    EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
    EXPECT_EQ(migrated.out, "migrated: the store is at schema version 1\nstore: " + shown + "\nback end: postgresql\n" +
                                counts(1, 1));
    EXPECT_EQ(migrated.err, "");
    // Again: nothing to do, and the server's notices are not printed.
    const auto again = store_command({"migrate", "--store", url});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.err, "");
    EXPECT_EQ(server->execute(url, "SELECT version FROM certgate_schema"), "1\n");
    // The password may come from PGPASSWORD instead of the URI.
    ProcessOptions options;
    options.environment["PGPASSWORD"] = PostgresServer::k_password;
    const auto by_variable =
        run_certgate({"store", "status", "--store",
                      "postgresql://certgate@127.0.0.1:" + std::to_string(server->port()) + url.substr(url.rfind('/'))},
                     options);
    EXPECT_EQ(by_variable.exit_code, 0) << by_variable.err;
    EXPECT_EQ(by_variable.out, "store: " + shown + "\nback end: postgresql\n" + counts(1, 1));
}

TEST(StoreCommand, WrongCredentialsAreExitStatus2AndNeverShowThePassword)
{
    CERTGATE_REQUIRE_PEER(PostgresServer::shared() != nullptr, PostgresServer::postgres_missing());
    auto* server = PostgresServer::shared();
    const auto wrong = server->url("postgres", "certgate", "n0t-the-Password");
    for (const auto* action : {"status", "migrate"}) {
        const auto refused = store_command({action, "--store", wrong});
        EXPECT_EQ(refused.exit_code, 2) << action;
        EXPECT_EQ(refused.out, "");
        EXPECT_EQ(refused.err.rfind("certgate: error: postgresql://127.0.0.1:" + std::to_string(server->port()) +
                                        "/postgres: cannot connect to the store: ",
                                    0),
                  0U)
            << refused.err;
        EXPECT_NE(refused.err.find("(the server refused the credentials; check the user and the password in "
                                   "PGPASSWORD, ~/.pgpass or the connection URI)\n"),
                  std::string::npos)
            << refused.err;
        EXPECT_EQ(refused.err.find("n0t-the-Password"), std::string::npos) << refused.err;
    }
}

TEST(StoreCommand, AnUnknownSubcommandIsBadUsage)
{
    const auto unknown = store_command({"vacuum"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err.rfind("certgate: error: store: unknown subcommand \"vacuum\", expected one of: migrate, "
                                "status\n",
                                0),
              0U)
        << unknown.err;
}

} // namespace
} // namespace certgate::testing
