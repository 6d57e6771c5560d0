// An unusable store is a clear error with exit status 2, and no delivery is
// lost: a store on a read-only file system or file, locked by another
// process past the busy timeout, or on a full file system (a small tmpfs
// mounted by the test as root). A message the server accepted whose `sent`
// mark cannot be written is reported loudly and sent again (same idempotency
// key) by the next run, as docs/notify.md says.

#include "notify_fixture.hpp"
#include "support/peers.hpp"

#include <fcntl.h>
#include <sys/mount.h>

namespace certgate::testing {
namespace {

/// A tmpfs of `size` bytes mounted at `folder` for as long as it lives.
class Tmpfs {
public:
    Tmpfs(const std::filesystem::path& folder, std::size_t size) : m_folder(folder)
    {
        std::filesystem::create_directories(folder);
        const std::string options = "size=" + std::to_string(size) + ",mode=0700";
        if (::mount("tmpfs", folder.c_str(), "tmpfs", 0, options.c_str()) != 0) {
            throw std::runtime_error("cannot mount a tmpfs at " + folder.string() + ": " + std::strerror(errno));
        }
    }
    ~Tmpfs() { ::umount2(m_folder.c_str(), MNT_DETACH); }
    Tmpfs(const Tmpfs&) = delete;
    Tmpfs& operator=(const Tmpfs&) = delete;

    void remount(unsigned long flags) const
    {
        if (::mount(nullptr, m_folder.c_str(), nullptr, MS_REMOUNT | flags, nullptr) != 0) {
            throw std::runtime_error("cannot remount " + m_folder.string() + ": " + std::strerror(errno));
        }
    }

    /// Fills every free byte with a file; returns how many bytes it took.
    std::size_t fill() const
    {
        const auto file = (m_folder / "filler").string();
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        const std::string block(4096, 'x');
        std::size_t written = 0;
        for (ssize_t got = 1; got > 0; written += got > 0 ? static_cast<std::size_t>(got) : 0) {
            got = ::write(fd, block.data(), block.size());
        }
        ::close(fd);
        return written;
    }
    void free() const { std::filesystem::remove(m_folder / "filler"); }

private:
    std::filesystem::path m_folder;
};

constexpr const char* k_root = "root, to mount a small tmpfs for the store (CI runs as root)";

class StoreFailures : public Notify {
protected:
    /// The store in `folder` (a tmpfs or a plain folder), Ops verified.
    void store_in(const std::filesystem::path& folder, const std::string& state)
    {
        m_store = (folder / "certgate.db").string();
        verify_ops("2026-09-01", state);
    }

    std::string state_with_one_certificate()
    {
        json resources = recipients();
        resources.push_back(certificate("web.example.com", "issued", "true"));
        return write_state(resources);
    }

    /// Runs notify on 2026-12-04 with a working store and expects exactly
    /// the Ops email and SMS of the 1w milestone.
    void expect_sent_once_more(const std::string& state)
    {
        const auto run = notify("2026-12-04", state);
        EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
        const auto mails = m_smtp->take();
        ASSERT_EQ(mails.size(), 1U);
        EXPECT_EQ(header(mails[0], "X-Envelope-To"), "ops@example.com");
        EXPECT_EQ(m_hook.take().size(), 1U);
        const auto again = notify("2026-12-04", state);
        EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
        EXPECT_TRUE(m_smtp->take().empty());
        EXPECT_TRUE(m_hook.take().empty());
    }

    /// A run that stopped on `store_failure` after the Ops SMS was accepted:
    /// it says so, and the next run sends that SMS again with the same key,
    /// and nothing else.
    void expect_sms_sent_but_not_recorded(const ProcessResult& run, const std::string& store_failure,
                                          const std::string& state)
    {
        EXPECT_EQ(run.exit_code, 2) << run.out;
        EXPECT_EQ(run.out, "");
        EXPECT_EQ(run.err, "certgate: error: " + m_store + ": cannot record a delivery: " + store_failure +
                               "; sms 1w web.example.com (2026-12-04) to +8613800138000 (" + m_ops_id +
                               ") WAS SENT but is not recorded, so the next run sends it again (with the same "
                               "Message-ID or webhook-id, by which the receiver can drop the repeat)\n");
        ASSERT_EQ(m_smtp->take().size(), 1U); // the email went out and was recorded before
        const auto first = m_hook.take();
        ASSERT_EQ(first.size(), 1U);
        const auto rerun = notify("2026-12-04", state);
        EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
        EXPECT_TRUE(m_smtp->take().empty());
        const auto repeat = m_hook.take();
        ASSERT_EQ(repeat.size(), 1U);
        EXPECT_EQ(repeat[0].key, first[0].key);
    }

    const std::string k_read_only = ": cannot write the store (it is read-only: the store, its folder and its -wal "
                                    "and -shm files must be writable; check the mount and the permissions)\n";
};

TEST_F(StoreFailures, AStoreOnAReadOnlyFileSystemOrFileIsRefusedBeforeAnythingIsSent)
{
    const auto state = state_with_one_certificate();
    const auto folder = m_dir.path() / "ro";
    std::unique_ptr<Tmpfs> tmpfs;
    if (::geteuid() == 0) {
        // Root writes any file whatever its mode: a read-only mount it is.
        tmpfs = std::make_unique<Tmpfs>(folder, 1 << 20);
    } else {
        std::filesystem::create_directories(folder);
    }
    store_in(folder, state);
    if (tmpfs) {
        tmpfs->remount(MS_RDONLY);
    } else {
        std::filesystem::permissions(m_store, std::filesystem::perms::owner_read);
        std::filesystem::permissions(folder, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    }
    const auto refused = notify("2026-12-04", state);
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(refused.err, "certgate: error: " + m_store + k_read_only);
    EXPECT_TRUE(m_smtp->take().empty());
    EXPECT_TRUE(m_hook.take().empty());
    if (tmpfs) {
        tmpfs->remount(0);
    } else {
        std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
        std::filesystem::permissions(m_store, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    expect_sent_once_more(state);
}

TEST_F(StoreFailures, StatusDryRunAndListReadAStoreOnAReadOnlyFileSystem)
{
    // A WAL store whose folder is mounted read-only (a backup, a ro volume of
    // a CI job). After a writer's clean close there is no -wal or -shm file,
    // and SQLite cannot create the -shm a WAL reader needs: certgate then
    // reads the store as immutable. After a reader's close both files are
    // left behind, and SQLite reads through them.
    CERTGATE_REQUIRE_PEER(::geteuid() == 0, k_root);
    const auto state = state_with_one_certificate();
    const Tmpfs tmpfs(m_dir.path() / "ro", 1 << 20);
    store_in(m_dir.path() / "ro", state);
    const auto sent = notify("2026-12-04", state);
    ASSERT_EQ(sent.exit_code, 0) << sent.out << sent.err;
    ASSERT_EQ(m_smtp->take().size(), 1U);
    ASSERT_EQ(m_hook.take().size(), 1U);
    ProcessOptions options;
    options.environment["CERTGATE_WEBHOOK_SECRET"] = k_secret;
    options.unset_environment = {"CERTGATE_STORE", "CERTGATE_NOW"};
    const std::vector<std::vector<std::string>> readers{
        {"status", "--state", state, "--store", m_store, "--now", "2026-12-08"},
        {"status", "--state", state, "--store", m_store, "--now", "2026-12-08", "--format", "json"},
        {"recipients", "list", "--state", state, "--store", m_store},
        with_flags(notify_args("2026-12-08", state), {"--dry-run"})};
    std::vector<ProcessResult> writable;
    for (const auto& args : readers) {
        writable.push_back(run_certgate(args, options));
        ASSERT_EQ(writable.back().exit_code, 0) << writable.back().err;
    }
    EXPECT_NE(writable[2].out.find("Ops   ops@example.com, +8613800138000  email,sms  verified "), std::string::npos)
        << writable[2].out;
    EXPECT_NE(writable[3].out.find("would send email 3d web.example.com (2026-12-08) to ops@example.com"),
              std::string::npos)
        << writable[3].out;
    const auto expect_read_only_reads_the_same = [&] {
        tmpfs.remount(MS_RDONLY);
        for (std::size_t i = 0; i < readers.size(); ++i) {
            const auto read_only = run_certgate(readers[i], options);
            EXPECT_EQ(read_only.exit_code, 0) << read_only.err;
            EXPECT_EQ(read_only.out, writable[i].out);
            EXPECT_EQ(read_only.err, "");
        }
        tmpfs.remount(0);
    };
    // A writer closes last: nothing but the database file is left.
    ASSERT_EQ(notify("2026-12-05", state).exit_code, 0);
    ASSERT_FALSE(std::filesystem::exists(m_store + "-wal"));
    ASSERT_FALSE(std::filesystem::exists(m_store + "-shm"));
    expect_read_only_reads_the_same();
    // A reader closes last: the empty -wal and the -shm stay.
    ASSERT_EQ(run_certgate(readers[0], options).exit_code, 0);
    ASSERT_TRUE(std::filesystem::exists(m_store + "-shm"));
    expect_read_only_reads_the_same();
    EXPECT_TRUE(m_smtp->take().empty());
    EXPECT_TRUE(m_hook.take().empty());
}

TEST_F(StoreFailures, AStoreLockedPastTheTimeoutMidRunReportsTheUnrecordedMessageLoudly)
{
    const auto state = state_with_one_certificate();
    verify_ops("2026-09-01", state);
    // Another process takes the store's write lock while the SMS is being
    // delivered and keeps it: the `sent` mark cannot be written.
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open(m_store.c_str(), &holder), SQLITE_OK);
    m_hook.before_next_answer(
        [holder] { ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK); });
    const auto locked = notify("2026-12-04", state, {"--store-timeout", "300"});
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
    expect_sms_sent_but_not_recorded(
        locked, "database is locked (another certgate run holds the store; try again when it has finished)", state);
}

TEST_F(StoreFailures, AStoreOnAFullFileSystemIsAClearErrorAndNothingIsLost)
{
    CERTGATE_REQUIRE_PEER(::geteuid() == 0, k_root);
    const auto state = state_with_one_certificate();
    const Tmpfs tmpfs(m_dir.path() / "full", 512 * 1024);
    store_in(m_dir.path() / "full", state);
    EXPECT_GT(tmpfs.fill(), 0U);
    const auto full = notify("2026-12-04", state);
    EXPECT_EQ(full.exit_code, 2) << full.out;
    EXPECT_EQ(full.out, "");
    EXPECT_EQ(full.err, "certgate: error: " + m_store +
                            ": cannot read the schema version: disk I/O error (the disk holding the store is full; "
                            "free some space on it and run again)\n");
    EXPECT_TRUE(m_smtp->take().empty());
    EXPECT_TRUE(m_hook.take().empty());
    tmpfs.free();
    expect_sent_once_more(state);
}

TEST_F(StoreFailures, TheDiskFillingUpAfterASendReportsTheUnrecordedMessageLoudly)
{
    CERTGATE_REQUIRE_PEER(::geteuid() == 0, k_root);
    const auto state = state_with_one_certificate();
    const Tmpfs tmpfs(m_dir.path() / "full", 512 * 1024);
    store_in(m_dir.path() / "full", state);
    m_hook.before_next_answer([&tmpfs] { tmpfs.fill(); });
    const auto full = notify("2026-12-04", state);
    tmpfs.free();
    expect_sms_sent_but_not_recorded(
        full, "database or disk is full (the disk holding the store is full; free some space on it and run again)",
        state);
}

} // namespace
} // namespace certgate::testing
