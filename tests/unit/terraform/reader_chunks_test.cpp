// The reader reads its input in chunks (ReadLimits::read_chunk_bytes, 1 MiB
// by default). Reading in chunks of a few bytes splits every token, escape,
// UTF-8 character and line across chunk boundaries; what is read, and every
// error with its offset, line and column, must not change.

#include "plan_test_support.hpp"

#include "support/certificates.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace certgate::terraform {
namespace {

using testing::CertificateSpec;
using testing::make_certificate;
using testing::module;
using testing::resource;
using testing::state_document;

constexpr std::size_t k_small_chunks[] = {1, 2, 3, 5, 7, 64};

// Everything of a read that a consumer sees, as one comparable text.
std::string outcome(const Result<Discovery>& discovery)
{
    if (!discovery) {
        return "error " + std::to_string(static_cast<int>(discovery.error().code)) + ": " + discovery.error().message;
    }
    const DocumentSummary& summary = discovery->summary;
    std::string text = "kind " + std::to_string(static_cast<int>(summary.kind)) + " format " + summary.format_version +
                       " terraform " + summary.terraform_version + " errored " + std::to_string(summary.errored) +
                       " resources " + std::to_string(summary.resources) + "/" +
                       std::to_string(summary.prior_resources) + "/" + std::to_string(summary.resource_changes) + "/" +
                       std::to_string(summary.child_modules) + " bytes " + std::to_string(summary.bytes) + "\n";
    for (const Finding& finding : discovery->findings) {
        text += std::to_string(static_cast<int>(finding.severity)) + " " + finding.source.address.value_or("-") + " " +
                finding.source.attribute.value_or("-") + " " + std::to_string(finding.source.index.value_or(-1)) + " " +
                (finding.certificate ? finding.certificate->subject : std::string("-")) + " " +
                std::to_string(finding.sensitive) + " " + finding.message + "\n";
    }
    return text;
}

std::string read_in_chunks(const std::string& text, std::size_t chunk_bytes, ReadLimits limits = {})
{
    ReadOptions options;
    options.limits = limits;
    options.limits.read_chunk_bytes = chunk_bytes;
    return outcome(testing::read_text(text, options));
}

void expect_same_in_small_chunks(const std::string& text, const ReadLimits& limits = {})
{
    const std::string whole = read_in_chunks(text, ReadLimits{}.read_chunk_bytes, limits);
    for (const std::size_t chunk : k_small_chunks) {
        SCOPED_TRACE("chunks of " + std::to_string(chunk) + " bytes");
        EXPECT_EQ(read_in_chunks(text, chunk, limits), whole);
    }
}

TEST(TerraformReaderChunks, EveryRealDocumentReadsTheSameInSmallChunks)
{
    std::size_t documents = 0;
    for (const char* folder : {"tests/fixtures/terraform-plans", "tests/fixtures/terraform_real"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::source_path(folder))) {
            if (entry.path().extension() != ".json") {
                continue;
            }
            SCOPED_TRACE(entry.path().string());
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            expect_same_in_small_chunks(text);
            ++documents;
        }
    }
    EXPECT_GE(documents, 15U);
}

TEST(TerraformReaderChunks, CertificatesEscapesAndUtf8ReadTheSameInSmallChunks)
{
    CertificateSpec spec;
    spec.common_name = "chunks.example.com";
    spec.dns_names = {"chunks.example.com"};
    const std::string pem = make_certificate(spec).pem();
    const auto document = state_document(module(
        {resource("tls_self_signed_cert.a", "tls_self_signed_cert",
                  {{"cert_pem", pem}, {"note", "quote \" backslash \\ \\\" tab \t caf\u00e9 \u20ac \U0001F512"}}),
         resource("aws_acm_certificate.b", "aws_acm_certificate",
                  {{"certificate_body", pem}, {"tags", {{"k\\\"\\\\", "v"}}}, {"n", {1.5e3, -2, 0}}},
                  {{"certificate_body", true}})}));
    const std::string text = document.dump(2);
    const std::string whole = read_in_chunks(text, ReadLimits{}.read_chunk_bytes);
    EXPECT_NE(whole.find("CN=chunks.example.com"), std::string::npos) << whole;
    expect_same_in_small_chunks(text);
}

TEST(TerraformReaderChunks, ErrorsAndTheirPositionsAreTheSameInSmallChunks)
{
    const std::string start = "{\"format_version\":\"1.0\",\n  \"values\": {\n    \"x\": ";
    for (const std::string& text : {
             start + "[1, 2,, 3]}}",               // a value missing on line 3
             start + "\"ok\" \"no comma\"}}",      // a member without ','
             start + "\"caf\xc3\xa9 \xe2\x82\"}}", // a UTF-8 character cut short
             start + "\"\xed\xa0\x80\"}}",         // a surrogate in UTF-8
             start + "\xd4t}}",                    // a UTF-8 lead byte outside a string (found by fuzzing)
             start + "\"\\u12G4\"}}",              // a bad \u escape
             start + "12.}}",                      // a number without its fraction
             start + "1e999}}",                    // a number too large
             start + "\"tab\there\"}}",            // a control character
             start + "\"open",                     // truncated in a string
             start + "[1]}} {}",                   // content after the document
             start + "\"" + std::string(40, 'a') + "\\\\\\\"" + std::string(40, 'b') + "\"}}", // over the limit
             start + std::string(70, ' ') + "true}}", // a long stretch without strings
         }) {
        SCOPED_TRACE(text);
        ReadLimits limits;
        limits.max_string_bytes = 60;
        expect_same_in_small_chunks(text, limits);
        EXPECT_EQ(read_in_chunks(text, 1, limits).rfind("error ", 0), 0U);
    }
}

TEST(TerraformReaderChunks, LinesAndColumnsCountAcrossChunks)
{
    std::string text = "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{}},\"x\":[";
    for (int line = 0; line < 300; ++line) {
        text += "\n  \"line\",";
    }
    text += "\n  !]}";
    const std::string expected = "error " + std::to_string(static_cast<int>(ErrorCode::input)) +
                                 ": invalid JSON at line 302, column 3 (byte " + std::to_string(text.size() - 3) +
                                 "): expected a JSON value";
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{4}, std::size_t{100}, ReadLimits{}.read_chunk_bytes}) {
        EXPECT_EQ(read_in_chunks(text, chunk), expected) << chunk;
    }
}

} // namespace
} // namespace certgate::terraform
