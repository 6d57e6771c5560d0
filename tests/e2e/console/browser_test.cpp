// The console in a real browser: headless Chromium (Debian's /usr/bin/chromium)
// driven by Playwright (tests/browser/, playwright-core pinned in its lock
// file) against a real `certgate serve`. CERTGATE_UPDATE_GOLDEN=1 also
// rewrites the screenshot docs/console.png shown in README.md.

#include "console_fixture.hpp"
#include "support/peers.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace certgate::testing::console {
namespace {

bool browser_available()
{
    return std::filesystem::exists("/usr/bin/chromium") && std::system("command -v node >/dev/null 2>&1") == 0 &&
           std::filesystem::exists(source_path("tests/browser/node_modules/playwright-core/package.json"));
}

TEST(ConsoleBrowser, BannerTogglesFiltersEscapingAndAccessibilityInChromium)
{
    CERTGATE_REQUIRE_PEER(browser_available(),
                          "chromium and node with tests/browser/node_modules (apt-get install chromium nodejs; npm "
                          "--prefix tests/browser ci)");
    TempDir dir;
    auto certificates = fleet();
    ServeProcess server({"--declarations", write_declarations(dir, certificates), "--now", k_now});
    nlohmann::json ids;
    for (const auto& certificate : certificates) {
        ids[certificate.key] = certificate.id;
    }
    ids["hostile_name"] = k_hostile_name;
    const char* update = std::getenv("CERTGATE_UPDATE_GOLDEN");
    const bool regenerate = update != nullptr && std::string(update) == "1";
    const std::string screenshot = regenerate ? source_path("docs/console.png") : (dir.path() / "console.png").string();
    ProcessOptions options;
    options.timeout = std::chrono::milliseconds(120000);
    options.working_directory = source_path("tests/browser");
    const auto result = run_process(
        {"/usr/bin/env", "node", source_path("tests/browser/console.mjs"), server.base_url(), ids.dump(), screenshot},
        options);
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("console browser test: all checks passed"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("FAIL"), std::string::npos) << result.out;
    for (const char* check : {"ok: reminder banners for the issued and the hosted certificate 30 days before expiry",
                              "ok: no banner for the issued certificate 31 days before expiry",
                              "ok: no banner for the uploaded certificate 30 days before expiry",
                              "ok: the <script> name renders as its own text", "ok: no dialog fired",
                              "ok: the expired certificate shows its toggle locked",
                              "ok: severity filter shows only the expired certificate",
                              "ok: status filter shows only the uploaded certificates",
                              "ok: list page: one h1, headings in order, controls labelled, contrast >= 4.5:1"}) {
        EXPECT_NE(result.out.find(check), std::string::npos) << check << "\n" << result.out;
    }
    // The screenshot is a PNG (8-byte signature) of some size.
    const std::string png = TempDir::read(screenshot);
    EXPECT_GT(png.size(), 10000U);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(server.stop(), 0) << server.err();
}

} // namespace
} // namespace certgate::testing::console
