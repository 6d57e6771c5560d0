// The Debian package, as a user meets it: built with scripts/package.sh,
// lintian clean, installed with dpkg -i, certgate run from the installed
// paths on the installed examples, man pages rendered, then removed with
// dpkg -r leaving nothing behind. Needs root (it installs into this
// machine) and dpkg-dev and lintian; CI runs as root.

#include "../packaging/packaging.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace certgate::testing::packaging {
namespace {

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

ProcessOptions slow()
{
    ProcessOptions options;
    options.timeout = std::chrono::minutes(10);
    options.environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
    return options;
}

// dpkg gives up at once when another process (an apt-get of another job on
// this machine) holds its lock, and has no option to wait (apt's
// DPkg::Lock::Timeout is apt's): try again every second, for at most
// k_lock_wait.
constexpr auto k_lock_wait = std::chrono::minutes(5);

struct DpkgRun {
    ProcessResult result;
    int retries = 0; ///< runs refused because the lock was held
};

DpkgRun run_dpkg(const std::vector<std::string>& arguments)
{
    std::vector<std::string> argv{"/usr/bin/env", "dpkg"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    const auto give_up = std::chrono::steady_clock::now() + k_lock_wait;
    DpkgRun run;
    for (;;) {
        run.result = run_process(argv, slow());
        const bool locked =
            run.result.exit_code != 0 && run.result.err.find("was locked by another process") != std::string::npos;
        if (!locked || std::chrono::steady_clock::now() >= give_up) {
            return run;
        }
        ++run.retries;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

// Holds dpkg's frontend lock (a POSIX record lock, as dpkg and apt take it)
// for `seconds` from another process, the way a concurrent apt-get does.
class DpkgLockHolder {
public:
    explicit DpkgLockHolder(int seconds)
        : m_thread([this, seconds] {
              const std::string script = "import fcntl, time\n"
                                         "f = open('/var/lib/dpkg/lock-frontend', 'w')\n"
                                         "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                                         "open('" +
                                         m_marker.string() +
                                         "', 'w').close()\n"
                                         "time.sleep(" +
                                         std::to_string(seconds) + ")\n";
              m_result = run_process({"/usr/bin/python3", "-c", script});
          })
    {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!std::filesystem::exists(m_marker) && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    DpkgLockHolder(const DpkgLockHolder&) = delete;
    DpkgLockHolder& operator=(const DpkgLockHolder&) = delete;
    ~DpkgLockHolder()
    {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    [[nodiscard]] bool held() const { return std::filesystem::exists(m_marker); }
    /// Waits for the holder to let go; its exit status.
    int release()
    {
        m_thread.join();
        return m_result.exit_code;
    }

private:
    TempDir m_dir;
    std::filesystem::path m_marker = m_dir.path() / "locked";
    ProcessResult m_result;
    std::thread m_thread;
};

TEST(DebianPackage, BuildsLintianCleanInstallsRunsAndRemovesWithoutTrace)
{
#ifdef CERTGATE_SANITIZED_BUILD
    GTEST_SKIP()
        << "sanitizer builds are not packaged (their binaries need the sanitizer runtimes); the normal build's "
           "run of this test covers the package";
#endif
    CERTGATE_REQUIRE_PEER(geteuid() == 0, "root, to install the package with dpkg -i (CI runs as root)");
    CERTGATE_REQUIRE_PEER(on_path("dpkg-shlibdeps") && on_path("lintian"),
                          "dpkg-dev and lintian (Debian), from scripts/install-deps.sh --with-test-tools");
    if (run_process({"/usr/bin/env", "dpkg-query", "-W", "certgate"}).exit_code == 0) {
        GTEST_SKIP() << "a certgate package is already installed on this machine; not replacing it";
    }

    const std::string build_dir = std::filesystem::path(certgate_program()).parent_path().string();
    const auto built = run_process({source_path("scripts/package.sh"), build_dir}, slow());
    ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
    const std::vector<std::string> printed = lines_of(built.out);
    ASSERT_FALSE(printed.empty());
    const std::string deb = printed.back();
    EXPECT_NE(deb.find("/certgate_"), std::string::npos) << deb;
    EXPECT_EQ(deb.substr(deb.size() - 10), "_amd64.deb") << deb;

    // Control fields: Depends computed by dpkg-shlibdeps from the binaries.
    const auto fields = run_process(
        {"/usr/bin/env", "dpkg-deb", "-f", deb, "Package", "Section", "Depends", "Recommends", "Architecture"});
    ASSERT_EQ(fields.exit_code, 0) << fields.err;
    EXPECT_NE(fields.out.find("Package: certgate\n"), std::string::npos) << fields.out;
    EXPECT_NE(fields.out.find("Section: utils\n"), std::string::npos) << fields.out;
    for (const char* library : {"libc6", "libssl3", "libcurl4", "libsqlite3-0", "libstdc++6"}) {
        EXPECT_NE(fields.out.find(library), std::string::npos) << library << " missing from " << fields.out;
    }
    // libpq is loaded only for a PostgreSQL store (dlopen), so it is recommended, not a dependency.
    EXPECT_NE(fields.out.find("Recommends: libpq5\n"), std::string::npos) << fields.out;
    EXPECT_EQ(fields.out.find("Depends: libpq"), std::string::npos) << fields.out;
    EXPECT_EQ(fields.out.find(", libpq"), std::string::npos) << fields.out;

    const auto lintian =
        run_process({"/usr/bin/env", "lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", deb}, slow());
    EXPECT_EQ(lintian.exit_code, 0) << lintian.out << lintian.err;
    EXPECT_EQ(lintian.out, "") << "lintian tags: " << lintian.out;

    const auto listing = run_process({"/usr/bin/env", "dpkg-deb", "-c", deb});
    for (const char* path :
         {"./usr/bin/certgate", "./usr/bin/certgate-external", "./usr/share/man/man1/certgate.1.gz",
          "./usr/share/man/man1/certgate-check.1.gz", "./usr/share/man/man1/certgate-external.1.gz",
          "./usr/share/bash-completion/completions/certgate", "./usr/share/zsh/vendor-completions/_certgate",
          "./usr/share/certgate/schemas/report.schema.json", "./usr/share/doc/certgate/copyright",
          "./usr/share/doc/certgate/changelog.gz", "./usr/share/doc/certgate/README.md",
          "./usr/share/doc/certgate/examples/certs/renew.pem"}) {
        EXPECT_NE(listing.out.find(std::string(path) + "\n"), std::string::npos) << path;
    }

    // Installed while another process holds dpkg's lock for 3 s: the test
    // waits for it instead of failing.
    DpkgLockHolder holder(3);
    ASSERT_TRUE(holder.held());
    const auto install = run_dpkg({"-i", deb});
    EXPECT_EQ(holder.release(), 0);
    ASSERT_EQ(install.result.exit_code, 0) << install.result.out << install.result.err;
    EXPECT_GE(install.retries, 1);
    const auto installed_files = lines_of(run_process({"/usr/bin/env", "dpkg-query", "-L", "certgate"}).out);
    EXPECT_GT(installed_files.size(), 40U);

    // The installed program on the installed examples: the documented result.
    const auto version = run_process({"/usr/bin/certgate", "--version"});
    EXPECT_EQ(version.out, run_process({certgate_program(), "--version"}).out);
    const auto check = run_process({"/usr/bin/certgate", "check", "/usr/share/doc/certgate/examples/certs", "--now",
                                    k_examples_now, "--format", "json"});
    EXPECT_EQ(check.exit_code, 1) << check.err; // the examples fail the gate by design
    EXPECT_NE(check.out.find("\"renew.example.com\""), std::string::npos);
    EXPECT_NE(check.out.find("\"gate\": \"fail\""), std::string::npos) << check.out.substr(0, 400);
    const TempDir folder;
    ProcessOptions query;
    query.stdin_text =
        R"({"certificate_file":"/usr/share/doc/certgate/examples/certs/ok.pem","now":"2026-11-30T09:00:00Z"})";
    query.working_directory = folder.path().string();
    const auto external = run_process({"/usr/bin/certgate-external", "certificate"}, query);
    EXPECT_EQ(external.exit_code, 0) << external.err;
    EXPECT_NE(external.out.find("\"severity\":\"ok\""), std::string::npos) << external.out;
    // The installed certgate finds libpq for a PostgreSQL store: it gets as
    // far as connecting (nothing listens on port 1).
    const auto postgres =
        run_process({"/usr/bin/certgate", "store", "status", "--store", "postgresql://127.0.0.1:1/x"});
    EXPECT_EQ(postgres.exit_code, 2) << postgres.err;
    EXPECT_EQ(postgres.err.rfind("certgate: error: postgresql://127.0.0.1:1/x: cannot connect to the store: ", 0), 0U)
        << postgres.err;
    for (const char* page : {"certgate", "certgate-check", "certgate-external"}) {
        ProcessOptions wide;
        wide.environment = {{"MANWIDTH", "100"}, {"LC_ALL", "C"}};
        const auto man = run_process(
            {"/usr/bin/env", "man", "--warnings", "-l", std::string("/usr/share/man/man1/") + page + ".1.gz"}, wide);
        EXPECT_EQ(man.exit_code, 0) << page << man.err;
        EXPECT_EQ(man.err, "") << page;
        EXPECT_NE(man.out.find("EXIT STATUS"), std::string::npos) << page;
    }

    const auto remove = run_dpkg({"-r", "certgate"}).result;
    ASSERT_EQ(remove.exit_code, 0) << remove.out << remove.err;
    for (const std::string& file : installed_files) {
        const std::filesystem::path path(file);
        // Shared folders (/usr, /usr/share/man/man1) stay; everything of ours goes.
        if (file.find("certgate") != std::string::npos) {
            EXPECT_FALSE(std::filesystem::exists(path)) << file << " is still there after dpkg -r";
        }
    }
    // No conffiles, but leave the dpkg database clean too.
    EXPECT_EQ(run_dpkg({"--purge", "certgate"}).result.exit_code, 0);
    EXPECT_NE(run_process({"/usr/bin/env", "dpkg-query", "-W", "certgate"}).exit_code, 0)
        << "certgate still known to dpkg";
}

} // namespace
} // namespace certgate::testing::packaging
