// certgate notify end to end: a real SMTP server (python3-aiosmtpd) and a
// real webhook receiver (cpp-httplib) on loopback, a real store, real
// certificates; --now walks a certificate's life day by day.

#include "notify_fixture.hpp"

namespace certgate::testing {
namespace {

TEST_F(Notify, WalksAWholeLifeAndSendsEachMilestoneOncePerVerifiedRecipientAndChannel)
{
    json resources = recipients();
    resources.push_back(certificate("on.example.com", "issued", "true"));
    resources.push_back(certificate("off.example.com", "issued", "false"));
    resources.push_back(certificate("uploaded.example.com", "uploaded", ""));
    resources.push_back(certificate("hosted.example.com", "hosting", "true"));
    const auto state = write_state(resources);

    // Day one: both recipients get a code on each of their channels.
    const auto first = notify("2026-09-01", state);
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    auto mails = m_smtp->take();
    ASSERT_EQ(mails.size(), 2U);
    std::string ops_code;
    std::vector<std::string> to;
    for (const auto& mail : mails) {
        to.push_back(header(mail, "X-Envelope-To"));
        EXPECT_EQ(header(mail, "Subject"), "certgate: confirm your contact details for certificate notifications");
        if (to.back() == "ops@example.com") {
            ops_code = code_in(mail);
        }
    }
    std::sort(to.begin(), to.end());
    EXPECT_EQ(to, (std::vector<std::string>{"dev@example.com", "ops@example.com"}));
    auto hooks = m_hook.take();
    ASSERT_EQ(hooks.size(), 1U);
    const auto code_payload = json::parse(hooks[0].body);
    EXPECT_EQ(code_payload["event"], "recipient.verification");
    EXPECT_EQ(code_payload["recipient"]["mobile"], "+8613800138000");
    EXPECT_EQ(code_payload["code"], ops_code);
    EXPECT_EQ(hooks[0].signature, hooks[0].expected_signature(k_secret));

    const auto wrong = verify(m_dev_id, "00000000");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_EQ(wrong.err, "certgate: error: recipients verify: wrong code for \"" + m_dev_id + "\" (4 tries left)\n");
    const auto verified = verify(m_ops_id, ops_code);
    ASSERT_EQ(verified.exit_code, 0) << verified.err;

    // Walk every day to well after expiry.
    std::vector<std::string> received;
    for (std::string day = "2026-09-02"; day <= "2026-12-20"; day = next_day(day)) {
        const auto run = notify(day, state);
        ASSERT_EQ(run.exit_code, 0) << day << "\n" << run.out << run.err;
        std::vector<std::string> today;
        for (const auto& mail : m_smtp->take()) {
            today.push_back(day + " email " + header(mail, "X-Envelope-To") + " " + header(mail, "Subject"));
            EXPECT_NE(mail.find("Renew it by 2026-12-08"), std::string::npos) << mail;
        }
        for (const auto& hook : m_hook.take()) {
            const auto payload = json::parse(hook.body);
            EXPECT_EQ(hook.signature, hook.expected_signature(k_secret));
            EXPECT_EQ(hook.key, payload["idempotency_key"]);
            today.push_back(day + " sms " + payload["recipient"]["mobile"].get<std::string>() + " " +
                            payload["milestone"]["label"].get<std::string>() + " " +
                            payload["certificate"]["name"].get<std::string>());
        }
        std::sort(today.begin(), today.end());
        received.insert(received.end(), today.begin(), today.end());
    }
    std::vector<std::string> expected;
    const std::vector<std::tuple<std::string, std::string, std::string>> milestones{
        {"2026-10-11", "2mo", "expires in 61 days"}, {"2026-11-11", "1mo", "expires in 30 days"},
        {"2026-12-04", "1w", "expires in 7 days"},   {"2026-12-08", "3d", "expires in 3 days"},
        {"2026-12-10", "1d", "expires tomorrow"},    {"2026-12-11", "0d", "expires today"}};
    for (const auto& [day, label, phrase] : milestones) {
        std::vector<std::string> today;
        for (const std::string name : {"on.example.com", "uploaded.example.com"}) {
            today.push_back(day + " email ops@example.com " + name + " " + phrase + " (2026-12-11)");
            today.push_back(day + " sms +8613800138000 " + label + " " + name);
        }
        std::sort(today.begin(), today.end());
        expected.insert(expected.end(), today.begin(), today.end());
    }
    EXPECT_EQ(received, expected);

    const auto listed = run_certgate({"recipients", "list", "--state", state, "--store", m_store});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find(m_ops_id + "  Ops   ops@example.com, +8613800138000  email,sms  verified"),
              std::string::npos)
        << listed.out;
    // Codes expire by the real clock: walking --now to December did not
    // expire Dev's code, made a moment ago.
    EXPECT_NE(listed.out.find("pending (code valid until "), std::string::npos) << listed.out;

    // reset asks for a new code: the next run sends one, to Dev only.
    const auto reset = run_certgate({"recipients", "reset", m_dev_id, "--store", m_store});
    ASSERT_EQ(reset.exit_code, 0) << reset.err;
    ASSERT_EQ(notify("2026-12-21", state).exit_code, 0);
    const auto again = m_smtp->take();
    ASSERT_EQ(again.size(), 1U);
    EXPECT_EQ(header(again[0], "X-Envelope-To"), "dev@example.com");
    EXPECT_EQ(code_in(again[0]).size(), 8U);
    EXPECT_TRUE(m_hook.take().empty());
}

TEST_F(Notify, SendsOverStartTlsAndImplicitTlsWithAuthentication)
{
    CertificateSpec spec;
    spec.common_name = "127.0.0.1";
    spec.ip_addresses = {"127.0.0.1"};
    spec.not_before = "2026-01-01T00:00:00Z";
    spec.not_after = "2036-01-01T00:00:00Z";
    const auto server = make_certificate(spec);
    const auto cert = m_dir.write("tls/server.pem", server.pem());
    const auto key = m_dir.write("tls/server.key", server.private_key_pem());
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "uploaded", ""));
    const auto state = write_state(resources);
    for (const std::string mode : {"starttls", "implicit"}) {
        std::vector<std::string> sink_options{"--tls", cert, key, "--auth", "mailer", "pa55word"};
        if (mode == "implicit") {
            sink_options.emplace_back("--implicit");
        }
        SmtpSink tls_sink(m_dir.path() / mode, sink_options);
        m_smtp_port = tls_sink.port();
        ProcessOptions options;
        options.environment["SMTP_SECRET"] = "pa55word";
        auto args = notify_args("2026-09-01", state);
        args = {args.begin(), args.begin() + 5}; // notify --state S --store S
        for (const std::string extra : {"--now", "2026-09-01", "--smtp-host", "127.0.0.1", "--smtp-port"}) {
            args.push_back(extra);
        }
        args.insert(args.end(), {m_smtp_port, "--smtp-tls", mode, "--smtp-ca-file", cert, "--smtp-user", "mailer",
                                 "--smtp-password-env", "SMTP_SECRET", "--smtp-from", "certgate@example.com", "--store",
                                 (m_dir.path() / (mode + ".db")).string()});
        args.erase(args.begin() + 3, args.begin() + 5); // the shared store
        const auto run = run_certgate(args, options);
        EXPECT_NE(run.out.find("sent email verification code to ops@example.com"), std::string::npos)
            << mode << "\n"
            << run.out << run.err;
        const auto mails = tls_sink.take();
        ASSERT_EQ(mails.size(), 2U) << mode;
        EXPECT_EQ(header(mails[0], "X-Auth"), "mailer") << mails[0];
        if (mode == "starttls") {
            EXPECT_EQ(header(mails[0], "X-TLS"), "True"); // aiosmtpd marks only STARTTLS sessions
        }
    }
}

TEST_F(Notify, MissedRunsCatchUpWithTheLatestMilestoneOnly)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", ""));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    const auto late = notify("2026-12-05", state);
    ASSERT_EQ(late.exit_code, 0) << late.err;
    const auto mails = m_smtp->take();
    ASSERT_EQ(mails.size(), 1U);
    EXPECT_EQ(header(mails[0], "Subject"), "web.example.com expires in 6 days (2026-12-11)");
    auto hooks = m_hook.take();
    ASSERT_EQ(hooks.size(), 1U);
    EXPECT_EQ(json::parse(hooks[0].body)["milestone"]["label"], "1w");
    // Expired and never notified on the day: the first run after sends 0d once.
    expect_one_mail_then_none("2026-12-15", "2026-12-16", state, "ops@example.com",
                              "web.example.com expired 4 days ago (2026-12-11)");
}

TEST_F(Notify, RecordsTheToggleAtExpiryAndRefusesAChangeAfterIt)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    ASSERT_EQ(notify("2026-12-12", state).exit_code, 0);
    m_smtp->take();
    m_hook.take();
    resources[2]["values"]["query"]["expiration_notification"] = "false";
    const auto changed = write_state(resources);
    const auto refused = notify("2026-12-13", changed);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(refused.err, "certgate: error: data.external.web.example.com: expiration_notification: the certificate "
                           "has expired, so its expiration-notification toggle can no longer change; it was true when "
                           "it expired: declare that value\n");
    const auto status = run_certgate({"status", "--state", changed, "--store", m_store, "--now", "2026-12-13"});
    EXPECT_EQ(status.exit_code, 2);
    // The recorded value, which certgate-external reads through CERTGATE_STORE.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(m_store.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT enabled FROM toggle_at_expiry", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(statement, 0), 1);
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

TEST_F(Notify, DryRunPrintsWithoutSendingOrRecording)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "uploaded", ""));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    const auto dry = notify("2026-12-04", state, {"--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_NE(dry.out.find("would send email 1w web.example.com (2026-12-04) to ops@example.com (" + m_ops_id +
                           "): \"web.example.com expires in 7 days (2026-12-11)\"\n"),
              std::string::npos)
        << dry.out;
    EXPECT_NE(dry.out.find("would send sms 1w web.example.com (2026-12-04) to +8613800138000"), std::string::npos);
    EXPECT_TRUE(m_smtp->take().empty());
    EXPECT_TRUE(m_hook.take().empty());
    const auto real = notify("2026-12-04", state);
    ASSERT_EQ(real.exit_code, 0);
    EXPECT_NE(real.out.find("sent email 1w web.example.com (2026-12-04) to ops@example.com"), std::string::npos);
    EXPECT_EQ(m_smtp->take().size(), 1U);
}

TEST_F(Notify, FailedDeliveriesAreRecordedReportedAndRetried)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    const std::string port = m_smtp->port();
    m_smtp.reset(); // SMTP down
    m_hook.m_status = 500;
    auto args = notify_args("2026-12-04", state);
    ProcessOptions options;
    options.environment["CERTGATE_WEBHOOK_SECRET"] = k_secret;
    const auto down = run_certgate(args, options);
    EXPECT_EQ(down.exit_code, 1) << down.out << down.err;
    EXPECT_NE(down.out.find("failed email 1w web.example.com (2026-12-04) to ops@example.com (" + m_ops_id +
                            "): smtp://127.0.0.1:" + port + ": cannot connect (connection refused) (2 attempts)"),
              std::string::npos)
        << down.out;
    EXPECT_NE(down.out.find("failed sms 1w web.example.com (2026-12-04) to +8613800138000 (" + m_ops_id +
                            "): " + m_hook.origin() + ": answered HTTP 500, expected 2xx (2 attempts)"),
              std::string::npos)
        << down.out;
    EXPECT_EQ(down.err, "certgate: error: notify: 2 deliveries failed; recorded and retried on the next run\n");
    const auto attempts = m_hook.take();
    ASSERT_EQ(attempts.size(), 2U); // two attempts, one idempotency key
    EXPECT_EQ(attempts[0].key, attempts[1].key);
    EXPECT_EQ(attempts[0].key.size(), 64U);

    // A timing-out webhook is a failure too.
    m_hook.m_status = 200;
    m_hook.m_delay_ms = 1500;
    m_smtp = std::make_unique<SmtpSink>(m_dir.path() / "second");
    m_smtp_port = m_smtp->port();
    auto slow = notify("2026-12-05", state, {"--webhook-timeout", "300", "--attempts", "1"});
    EXPECT_EQ(slow.exit_code, 1) << slow.out;
    EXPECT_NE(slow.out.find(m_hook.origin() + ": no complete exchange within 300 ms"), std::string::npos) << slow.out;
    EXPECT_EQ(m_smtp->take().size(), 1U); // the email went out this time
    m_hook.take();

    // The next run retries what failed, and only that.
    m_hook.m_delay_ms = 0;
    std::this_thread::sleep_for(std::chrono::milliseconds{1500});
    m_hook.take();
    const auto retried = notify("2026-12-06", state);
    EXPECT_EQ(retried.exit_code, 0) << retried.out << retried.err;
    EXPECT_TRUE(m_smtp->take().empty());
    const auto hooks = m_hook.take();
    ASSERT_EQ(hooks.size(), 1U);
    EXPECT_EQ(json::parse(hooks[0].body)["milestone"]["label"], "1w");
}

TEST_F(Notify, NoMilestoneIsLostWhenARunIsKilled)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "issued", "true"));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    // The webhook hangs, the notifier is killed while it waits.
    m_hook.m_delay_ms = 2000;
    auto args = notify_args("2026-12-04", state);
    args.insert(args.begin(), certgate_program());
    ::setenv("CERTGATE_WEBHOOK_SECRET", k_secret.c_str(), 1);
    const pid_t pid = spawn(args);
    for (int i = 0; i < 200; ++i) {
        if (!m_hook.take().empty()) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{25});
    }
    kill(pid, SIGKILL);
    wait_for(pid);
    m_hook.m_delay_ms = 0;
    m_smtp->take();
    // The rerun (same day) sends what was claimed but not confirmed.
    const auto rerun = notify("2026-12-04", state);
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    const auto hooks = m_hook.take();
    ASSERT_EQ(hooks.size(), 1U);
    EXPECT_EQ(json::parse(hooks[0].body)["milestone"]["label"], "1w");
    // And then nothing more.
    ASSERT_EQ(notify("2026-12-04", state).exit_code, 0);
    EXPECT_TRUE(m_hook.take().empty());
    EXPECT_TRUE(m_smtp->take().empty());
}

TEST_F(Notify, TwoRunsAtTheSameMomentSendNothingTwice)
{
    const auto state = verified_state_with_certificates(5);
    auto args = notify_args("2026-12-04", state);
    args.insert(args.begin(), certgate_program());
    const pid_t first = spawn(args);
    const pid_t second = spawn(args);
    EXPECT_EQ(wait_for(first), 0);
    EXPECT_EQ(wait_for(second), 0);
    EXPECT_EQ(m_smtp->take().size(), 5U);
    EXPECT_EQ(m_hook.take().size(), 5U);
}

TEST_F(Notify, ACorruptedOrLockedStoreIsAClearError)
{
    json resources = recipients();
    resources.push_back(certificate("web.example.com", "uploaded", ""));
    const auto state = write_state(resources);
    verify_ops("2026-09-01", state);
    {
        sqlite3* holder = nullptr;
        ASSERT_EQ(sqlite3_open(m_store.c_str(), &holder), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        const auto locked = notify("2026-12-04", state, {"--store-timeout", "100"});
        EXPECT_EQ(locked.exit_code, 2);
        EXPECT_NE(locked.err.find("certgate: error: " + m_store + ": "), std::string::npos) << locked.err;
        EXPECT_NE(locked.err.find("(another certgate run holds the store; try again when it has finished)"),
                  std::string::npos)
            << locked.err;
        sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(holder);
    }
    EXPECT_TRUE(m_smtp->take().empty());
    std::filesystem::remove(m_store + "-wal");
    std::filesystem::remove(m_store + "-shm");
    {
        std::ofstream out(m_store, std::ios::binary | std::ios::trunc);
        out << std::string(8192, 'x');
    }
    const auto corrupted = notify("2026-12-04", state);
    EXPECT_EQ(corrupted.exit_code, 2);
    EXPECT_EQ(corrupted.err, "certgate: error: " + m_store +
                                 ": cannot read the schema version: file is not a database (the store is damaged; "
                                 "restore it from a backup or move it away to start afresh)\n");
    EXPECT_TRUE(m_smtp->take().empty());
    EXPECT_TRUE(m_hook.take().empty());
}

TEST_F(Notify, StatusShowsSeverityNextMilestoneAndConsoleReminder)
{
    json resources = recipients();
    resources.push_back(certificate("issued.example.com", "issued", "true"));
    resources.push_back(certificate("hosted.example.com", "hosting", "true", "2027-06-01T00:00:00Z"));
    resources.push_back(certificate("uploaded.example.com", "uploaded", "", "2026-12-20T00:00:00Z"));
    const auto state = write_state(resources);
    const auto status = run_certgate({"status", "--state", state, "--now", "2026-11-30T09:00:00Z"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_EQ(
        status.out.rfind("certificates as of 2026-11-30T09:00:00Z (UTC): 3\n\nrenew  issued.example.com  [issued]\n"
                         "  expires 2026-12-11 (11 days left; not after 2026-12-11T12:00:00Z)\n"
                         "  renew by 2026-12-08; renewal window from 2026-11-27 (open)\n"
                         "  next milestone 1w 2026-12-04; last milestone 1mo 2026-11-11\n"
                         "  console reminder: expires within 30 days, renew it\n",
                         0),
        0U)
        << status.out;
    EXPECT_NE(status.out.find("warning  uploaded.example.com  [uploaded]\n"), std::string::npos) << status.out;
    EXPECT_EQ(status.out.find("uploaded.example.com  [uploaded]\n  expires 2026-12-20 (20 days left; not after "
                              "2026-12-20T00:00:00Z)\n  renew by 2026-12-16; renewal window from 2026-12-04\n"
                              "  next milestone 1w 2026-12-13; last milestone 1mo 2026-11-20\n  console reminder"),
              std::string::npos)
        << status.out;
    EXPECT_NE(status.out.find("notifications off (hosted certificates get no messages)"), std::string::npos);
    const auto json_status =
        run_certgate({"status", "--state", state, "--now", "2026-11-30T09:00:00Z", "--format", "json"});
    ASSERT_EQ(json_status.exit_code, 0);
    const auto document = json::parse(json_status.out);
    EXPECT_EQ(document["certificates"][0]["name"], "issued.example.com");
    EXPECT_EQ(document["certificates"][0]["console_reminder"], true);
    EXPECT_EQ(document["certificates"][0]["next_milestone"], "1w");
}

TEST_F(Notify, RefusesBadInputWithExactErrors)
{
    const auto missing = run_certgate({"notify", "--store", m_store});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err, "certgate: error: --state: no declarations; give --state FILE (terraform show -json) or "
                           "--declarations FILE\n");
    const auto not_json = m_dir.write("bad.json", "{\"values\": ");
    const auto bad = run_certgate({"notify", "--state", not_json, "--store", m_store});
    EXPECT_EQ(bad.exit_code, 2);
    // The one Terraform reader's errors and the one bounded file reader's limit, as for check and sync.
    EXPECT_EQ(bad.err, "certgate: error: " + not_json +
                           ": truncated JSON: the input ends after 11 bytes, before the document is complete\n");
    const auto huge = m_dir.write("huge.json", "{}");
    std::filesystem::resize_file(huge, 257ULL * 1024 * 1024); // sparse: costs no disk
    const auto too_big = run_certgate({"notify", "--state", huge, "--store", m_store});
    EXPECT_EQ(too_big.exit_code, 2);
    EXPECT_EQ(too_big.err, "certgate: error: " + huge +
                               ": file of 269484032 bytes (257 MiB) is over the limit of 268435456 bytes (256 MiB) for "
                               "one input; it was not read\n");
    const std::string resource = "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{"
                                 "\"values\":{\"a\":";
    const auto deep = m_dir.write("deep.json", resource + std::string(600, '[') + std::string(600, ']') + "}}]}}}");
    const auto too_deep = run_certgate({"notify", "--state", deep, "--store", m_store});
    EXPECT_EQ(too_deep.exit_code, 2);
    EXPECT_EQ(too_deep.err, "certgate: error: " + deep +
                                ": JSON nested deeper than the limit of 512 levels at byte offset " +
                                std::to_string(resource.size() + 506) + "\n");
    json uploaded_off = json::array({certificate("web.example.com", "uploaded", "false")});
    const auto state = write_state(uploaded_off);
    const auto refused = notify("2026-12-04", state);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("certgate: error: data.external.web.example.com: expiration_notification: "),
              std::string::npos)
        << refused.err;
    json dangling = json::array({external_data_source(
        "n", "notification", {{"certificate", std::string(64, 'a')}, {"enabled", "true"}}, json::object())});
    const auto dangling_state = write_state(dangling);
    const auto unknown = notify("2026-12-04", dangling_state);
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err, "certgate: error: " + dangling_state +
                               ": data.external.n: notification settings for "
                               "certificate \"" +
                               std::string(64, 'a') +
                               "\", which is not declared; declare it with certgate-external certificate\n");
    const auto valid_state = write_state(recipients());
    const auto bad_smtp = notify("2026-12-04", valid_state, {"--smtp-tls", "ssl"});
    EXPECT_EQ(bad_smtp.err,
              "certgate: error: --smtp-tls: unknown TLS mode \"ssl\", expected one of: none, starttls, implicit\n");
}

} // namespace
} // namespace certgate::testing

namespace certgate::testing {
namespace {

TEST(NotifyExamples, TheDeclarationsExampleMatchesItsSchemaAndIsRead)
{
    const auto example = source_path("examples/declarations/declarations.json");
    EXPECT_EQ(schema_errors(source_path("schemas/declarations.schema.json"), TempDir::read(example)), "");
    const auto status = run_certgate({"status", "--declarations", example, "--now", "2026-11-30T09:00:00Z"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find("renew  web.example.com  [issued]\n"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("api.example.com  [uploaded]\n"), std::string::npos) << status.out;
    // The file's policy for api.example.com: its own milestones.
    EXPECT_NE(status.out.find("next milestone 1mo 2027-02-28"), std::string::npos) << status.out;
}

TEST(NotifyExamples, TheDeclarationsSchemaRejectsTypos)
{
    EXPECT_NE(schema_errors(source_path("schemas/declarations.schema.json"), R"({"certificate": []})"), "");
    TempDir dir;
    const auto file = dir.write("d.json", R"({"recipients": [{"name": "x", "emial": "a@example.com"}]})");
    const auto status = run_certgate({"status", "--declarations", file});
    EXPECT_EQ(status.exit_code, 2);
    EXPECT_EQ(status.err, "certgate: error: " + file +
                              ": /recipients/0: unknown key \"emial\", expected one of: name, email, mobile, channels, "
                              "categories\n");
}

} // namespace
} // namespace certgate::testing
