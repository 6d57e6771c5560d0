// Verification codes are secrets: they reach the recipient (mail, webhook)
// and nothing else — not notify's or recipients' output, not any argv, not
// the store in clear text.
#include "e2e/notify/notify_fixture.hpp"

namespace certgate::testing {
namespace {

void expect_no_code(const std::string& text, const std::string& code, const std::string& what)
{
    EXPECT_EQ(text.find(code), std::string::npos) << what << " leaks the verification code";
}

std::string file_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(Notify, verification_codes_never_appear_in_output_argv_or_the_store)
{
    const auto state = write_state(recipients());
    // Codes go out on both channels; the runs must really have happened.
    const auto sent = notify("2026-09-01", state);
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
    EXPECT_NE(sent.out.find("sent email verification code to ops@example.com (" + m_ops_id + ")"), std::string::npos)
        << sent.out;
    EXPECT_NE(sent.out.find("sent sms verification code to +8613800138000 (" + m_ops_id + ")"), std::string::npos)
        << sent.out;
    std::string code;
    std::string mail;
    for (const auto& message : m_smtp->take()) {
        if (header(message, "X-Envelope-To") == "ops@example.com") {
            code = code_in(message);
            mail = message;
        }
    }
    ASSERT_EQ(code.size(), 8U);
    // The mail tells the administrator a command without the code in it.
    EXPECT_NE(mail.find("    certgate recipients verify " + m_ops_id + "\r\n"), std::string::npos) << mail;
    const auto hooks = m_hook.take();
    ASSERT_EQ(hooks.size(), 1U);
    EXPECT_EQ(json::parse(hooks[0].body)["code"], code); // the recipient does get it
    expect_no_code(sent.out + sent.err, code, "notify");

    // The store keeps a PBKDF2 hash and salt only.
    for (const std::string suffix : {"", "-wal"}) {
        expect_no_code(file_bytes(m_store + suffix), code, "the store" + suffix);
    }

    // A wrong code, a code on argv and the right code on stdin: none echoes it.
    const auto wrong = verify(m_ops_id, code == "00000000" ? "11111111" : "00000000");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.err.find("wrong code for"), std::string::npos) << wrong.err;
    const auto on_argv = run_certgate({"recipients", "verify", m_ops_id, code, "--store", m_store});
    EXPECT_EQ(on_argv.exit_code, 2);
    EXPECT_NE(on_argv.err.find("never taken from the command line"), std::string::npos) << on_argv.err;
    expect_no_code(on_argv.out + on_argv.err, code, "verify with the code on argv");
    const auto verified = verify(m_ops_id, code);
    ASSERT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out, "verified " + m_ops_id + "\n");
    expect_no_code(verified.out + verified.err, code, "verify");
    const auto listed = run_certgate({"recipients", "list", "--state", state, "--store", m_store});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(m_ops_id), std::string::npos) << listed.out;
    expect_no_code(listed.out + listed.err, code, "recipients list");
    const auto status = run_certgate({"status", "--state", state, "--store", m_store});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    expect_no_code(status.out + status.err, code, "status");
    for (const std::string suffix : {"", "-wal"}) {
        expect_no_code(file_bytes(m_store + suffix), code, "the store" + suffix + " after verification");
    }
}

} // namespace
} // namespace certgate::testing
