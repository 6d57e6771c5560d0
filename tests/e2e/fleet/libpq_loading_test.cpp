// libpq is loaded only when a PostgreSQL store is named: neither program
// links it (readelf), an SQLite run never loads it (the dynamic loader's own
// LD_DEBUG log), a PostgreSQL location loads it, and a missing or wrong
// libpq.so.5 is a clear store error (exit 2) that says what to install.

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace certgate::testing {
namespace {

// Nothing listens on port 1 of the loopback: the connection is refused at once.
const std::string k_unreachable_store = "postgresql://127.0.0.1:1/certgate";

std::vector<std::string> needed_libraries(const std::string& program)
{
    const auto dynamic = run_process({"/usr/bin/env", "readelf", "--dynamic", program});
    EXPECT_EQ(dynamic.exit_code, 0) << dynamic.err;
    std::vector<std::string> needed;
    std::istringstream lines(dynamic.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("(NEEDED)") != std::string::npos) {
            needed.push_back(line.substr(line.find('[')));
        }
    }
    return needed;
}

ProcessResult store_status(const std::string& store, std::map<std::string, std::string> environment)
{
    ProcessOptions options;
    options.environment = std::move(environment);
    options.unset_environment = {"CERTGATE_STORE", "PGPASSWORD", "PGHOST", "PGUSER", "PGDATABASE", "PGPORT"};
    return run_certgate({"store", "status", "--store", store}, options);
}

/// The path of a shared library this test process has loaded, from its maps.
std::string loaded_library(const std::string& file_name)
{
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        if (line.size() > file_name.size() && line.ends_with("/" + file_name)) {
            return line.substr(line.find('/'));
        }
    }
    return {};
}

TEST(LibpqLoading, NeitherProgramLinksLibpq)
{
    for (const auto& program : {certgate_program(), external_program()}) {
        const auto needed = needed_libraries(program);
        // readelf did list the program's libraries: libcrypto is one of them.
        EXPECT_NE(std::find(needed.begin(), needed.end(), "[libcrypto.so.3]"), needed.end()) << program;
        for (const auto& library : needed) {
            EXPECT_EQ(library.find("libpq"), std::string::npos) << program << " needs " << library;
        }
    }
}

TEST(LibpqLoading, AnSqliteStoreNeverLoadsLibpqAndAPostgresLocationDoes)
{
    TempDir dir;
    const auto sqlite = (dir.path() / "certgate.db").string();
    const std::map<std::string, std::string> trace{{"LD_DEBUG", "files"}};

    const auto on_sqlite = store_status(sqlite, trace);
    EXPECT_EQ(on_sqlite.exit_code, 0) << on_sqlite.err;
    EXPECT_NE(on_sqlite.err.find("file=libsqlite3.so.0"), std::string::npos) << on_sqlite.err;
    EXPECT_EQ(on_sqlite.err.find("libpq"), std::string::npos) << on_sqlite.err;

    ProcessOptions external;
    external.stdin_text = R"({"email":"ops@example.com"})";
    external.environment = {{"LD_DEBUG", "files"}, {"CERTGATE_STORE", sqlite}};
    const auto recipient = run_process({external_program(), "recipient"}, external);
    EXPECT_EQ(recipient.exit_code, 0) << recipient.err;
    EXPECT_NE(recipient.err.find("file=libcrypto.so.3"), std::string::npos) << recipient.err;
    EXPECT_EQ(recipient.err.find("libpq"), std::string::npos) << recipient.err;

    const auto on_postgres = store_status(k_unreachable_store, trace);
    EXPECT_EQ(on_postgres.exit_code, 2) << on_postgres.err;
    EXPECT_NE(on_postgres.err.find("file=libpq.so.5 [0];  dynamically loaded by"), std::string::npos)
        << on_postgres.err;
    EXPECT_NE(on_postgres.err.find("certgate: error: postgresql://127.0.0.1:1/certgate: cannot connect to the store"),
              std::string::npos)
        << on_postgres.err;
}

TEST(LibpqLoading, ALibpqThatCannotBeLoadedIsAStoreErrorSayingWhatToInstall)
{
    const std::string hint = "; PostgreSQL stores need libpq: install the libpq5 package (apt-get install libpq5), "
                             "or use an SQLite store\n";
    // Not a shared object at all: dlopen fails.
    TempDir broken;
    broken.write("libpq.so.5", "not an ELF file\n");
    const auto unloadable = store_status(k_unreachable_store, {{"LD_LIBRARY_PATH", broken.path().string()}});
    EXPECT_EQ(unloadable.exit_code, 2) << unloadable.err;
    EXPECT_EQ(unloadable.err.rfind("certgate: error: postgresql store: cannot load libpq.so.5 (", 0), 0U)
        << unloadable.err;
    EXPECT_TRUE(unloadable.err.ends_with(hint)) << unloadable.err;
    EXPECT_EQ(unloadable.out, "");

    // A shared object that is not libpq (the C maths library): it loads, but
    // lacks libpq's functions.
    const auto libm = loaded_library("libm.so.6");
    ASSERT_FALSE(libm.empty());
    TempDir dir;
    std::filesystem::copy_file(libm, dir.path() / "libpq.so.5");
    const auto wrong = store_status(k_unreachable_store, {{"LD_LIBRARY_PATH", dir.path().string()}});
    EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
    EXPECT_EQ(wrong.err, "certgate: error: postgresql store: libpq.so.5 lacks PQclear, which certgate needs" + hint);

    // certgate-external names the variable the store came from (its exit
    // status is 1 for every failure, docs/external.md).
    ProcessOptions external;
    external.stdin_text = R"({"email":"ops@example.com"})";
    external.environment = {{"LD_LIBRARY_PATH", dir.path().string()}, {"CERTGATE_STORE", k_unreachable_store}};
    const auto recipient = run_process({external_program(), "recipient"}, external);
    EXPECT_EQ(recipient.exit_code, 1) << recipient.err;
    EXPECT_EQ(recipient.out, "");
    EXPECT_EQ(recipient.err, "certgate-external: recipient: CERTGATE_STORE: postgresql store: libpq.so.5 lacks "
                             "PQclear, which certgate needs" +
                                 hint);
}

} // namespace
} // namespace certgate::testing
