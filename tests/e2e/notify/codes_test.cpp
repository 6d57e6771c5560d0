// Verification codes end to end: five tries, expiry by the real clock, the
// code read from stdin and never from argv.

#include "notify_fixture.hpp"

namespace certgate::testing {
namespace {

/// Sends codes (day one) and returns the one mailed to `to`.
std::string code_mailed_to(SmtpSink& smtp, const std::string& to)
{
    std::string code;
    for (const auto& message : smtp.take()) {
        if (header(message, "X-Envelope-To") == to) {
            code = code_in(message);
        }
    }
    return code;
}

void run_sql(const std::string& store, const std::string& sql)
{
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(store.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

std::string wrong_code_for(const std::string& code)
{
    return code == "00000000" ? "11111111" : "00000000";
}

// Regression (issue 12 item 13): there was no limit on tries.
TEST_F(Notify, FiveWrongCodesVoidTheCodeUntilItIsReset)
{
    const auto state = write_state(recipients());
    ASSERT_EQ(notify("2026-09-01", state).exit_code, 0);
    const auto code = code_mailed_to(*m_smtp, "dev@example.com");
    ASSERT_EQ(code.size(), 8U);
    const std::string shown = "\"" + m_dev_id + "\"";
    for (int left = 4; left >= 1; --left) {
        const auto wrong = verify(m_dev_id, wrong_code_for(code));
        EXPECT_EQ(wrong.exit_code, 1);
        EXPECT_EQ(wrong.err, "certgate: error: recipients verify: wrong code for " + shown + " (" +
                                 std::to_string(left) + (left == 1 ? " try" : " tries") + " left)\n");
    }
    const auto fifth = verify(m_dev_id, wrong_code_for(code));
    EXPECT_EQ(fifth.exit_code, 1);
    const std::string reset_hint =
        "; run \"certgate recipients reset " + m_dev_id + "\" and the next certgate notify run sends a new code\n";
    EXPECT_EQ(fifth.err, "certgate: error: recipients verify: wrong code for " + shown +
                             "; that was the 5th wrong code, so the code is now void" + reset_hint);
    // Even the right code no longer works.
    const auto right = verify(m_dev_id, code);
    EXPECT_EQ(right.exit_code, 1);
    EXPECT_EQ(right.err, "certgate: error: recipients verify: the code for " + shown + " is void" + reset_hint);
    const auto listed = run_certgate({"recipients", "list", "--state", state, "--store", m_store});
    EXPECT_NE(listed.out.find("pending (code void after too many wrong tries"), std::string::npos) << listed.out;
    // No new code by itself; after reset, the next run sends one that works.
    ASSERT_EQ(notify("2026-09-02", state).exit_code, 0);
    EXPECT_EQ(code_mailed_to(*m_smtp, "dev@example.com"), "");
    ASSERT_EQ(run_certgate({"recipients", "reset", m_dev_id, "--store", m_store}).exit_code, 0);
    ASSERT_EQ(notify("2026-09-02", state).exit_code, 0);
    const auto fresh = code_mailed_to(*m_smtp, "dev@example.com");
    ASSERT_EQ(fresh.size(), 8U);
    const auto verified = verify(m_dev_id, fresh);
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out, "verified " + m_dev_id + "\n");
}

// Regression (issue 12 item 13): `verify --now` accepted an expired code, and
// notify's --now decided when codes expired.
TEST_F(Notify, CodesExpireByTheRealClockNotByNow)
{
    const auto state = write_state(recipients());
    ASSERT_EQ(notify("2026-09-01", state).exit_code, 0);
    const auto code = code_mailed_to(*m_smtp, "dev@example.com");
    ASSERT_EQ(code.size(), 8U);
    // A run as of a year later sees the code made a moment ago as valid.
    const auto later = notify("2027-09-01", state);
    ASSERT_EQ(later.exit_code, 0) << later.err;
    EXPECT_NE(later.out.find("note: recipient " + m_dev_id + " (Dev) is not verified; it gets no notifications until"),
              std::string::npos)
        << later.out;
    // --now cannot move the expiry: refused outright.
    ProcessOptions options;
    options.stdin_text = code + "\n";
    const auto with_now =
        run_certgate({"recipients", "verify", m_dev_id, "--store", m_store, "--now", "2026-09-01"}, options);
    EXPECT_EQ(with_now.exit_code, 2);
    EXPECT_EQ(with_now.err,
              "certgate: error: --now: not accepted: verification codes expire by the real clock, not as of --now\n");
    // Once the real clock has passed the expiry, the right code is refused.
    const auto past = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch() - std::chrono::minutes{1})
                          .count();
    run_sql(m_store,
            "UPDATE recipients SET code_expires_at = " + std::to_string(past) + " WHERE id = '" + m_dev_id + "'");
    const auto expired = verify(m_dev_id, code);
    EXPECT_EQ(expired.exit_code, 1);
    EXPECT_EQ(expired.err, "certgate: error: recipients verify: the code for \"" + m_dev_id + "\" expired at " +
                               format_rfc3339(Instant{std::chrono::seconds{past}}) +
                               "; run \"certgate recipients reset " + m_dev_id +
                               "\" and the next certgate notify run sends a new code\n");
}

// Regression (issue 12 item 13): the code went on argv, where `ps` and the
// shell history keep it.
TEST_F(Notify, TheCodeIsReadFromStdinAndRefusedOnTheCommandLine)
{
    const auto state = write_state(recipients());
    ASSERT_EQ(notify("2026-09-01", state).exit_code, 0);
    const auto code = code_mailed_to(*m_smtp, "dev@example.com");
    ASSERT_EQ(code.size(), 8U);
    const auto on_argv = run_certgate({"recipients", "verify", m_dev_id, code, "--store", m_store});
    EXPECT_EQ(on_argv.exit_code, 2);
    EXPECT_EQ(on_argv.err, "certgate: error: recipients verify: the code is read from stdin or asked for, never "
                           "taken from the command line (other users and the shell history would see it); run: "
                           "certgate recipients verify ID\n");
    EXPECT_EQ(on_argv.out, "");
    // Nothing on stdin is a clear error, and costs no try.
    const auto empty = run_certgate({"recipients", "verify", m_dev_id, "--store", m_store});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_EQ(empty.err, "certgate: error: recipients verify: expected the 8-digit verification code on stdin (one "
                         "line), or typed at the prompt\n");
    // Spaces and a CR (typed or pasted) are ignored.
    const auto spaced = verify(m_dev_id, code.substr(0, 4) + " " + code.substr(4) + "\r");
    EXPECT_EQ(spaced.exit_code, 0) << spaced.err;
    EXPECT_EQ(spaced.out, "verified " + m_dev_id + "\n");
}

} // namespace
} // namespace certgate::testing
