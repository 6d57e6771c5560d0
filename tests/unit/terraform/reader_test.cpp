// The one Terraform reader's records: the certgate-external rule, which
// section's data source counts, and what a long key costs.

#include "certgate/adapters/terraform/records.hpp"

#include "plan_test_support.hpp"

#include "support/certificates.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace certgate::terraform {
namespace {

using nlohmann::json;
using testing::module;
using testing::resource;

std::optional<std::size_t> index_of(std::vector<std::string> program)
{
    return certgate_external_index(program);
}

TEST(TerraformReader, OneRuleForCertgateExternal)
{
    EXPECT_EQ(index_of({"certgate-external", "certificate"}), 0U);
    EXPECT_EQ(index_of({"/usr/local/bin/certgate-external", "notification"}), 0U);
    EXPECT_EQ(index_of({"${path.module}/bin/certgate-external", "recipient"}), 0U);
    EXPECT_EQ(index_of({"C:\\tools\\certgate-external", "expiry"}), 0U);
    EXPECT_EQ(index_of({"/usr/bin/env", "certgate-external", "certificate"}), 1U);
    EXPECT_FALSE(index_of({}));
    EXPECT_FALSE(index_of({"python3", "certgate-external.py"}));
    EXPECT_FALSE(index_of({"sh", "-c", "certgate-external certificate"}));
    EXPECT_FALSE(index_of({"/opt/certgate-external-wrapper", "certificate"}));
    EXPECT_FALSE(index_of({"certgate-external/", "certificate"}));
}

struct Collected final : RecordSink {
    std::vector<std::pair<std::string, std::string>> texts;
    std::vector<InstanceRecord> instances;
    void certificate_text(const std::string& attribute, std::string_view text) override
    {
        texts.emplace_back(attribute, std::string(text.substr(0, 27)));
    }
    void instance(InstanceRecord&& record) override { instances.push_back(std::move(record)); }
};

json external(const std::string& address, const json& program, const json& query, const json& result)
{
    json values = {{"program", program}, {"query", query}};
    if (!result.is_null()) {
        values["result"] = result;
    }
    return resource(address, "external", values);
}

TEST(TerraformReader, ExternalDataSourceRecordsCarryKindQueryAndResult)
{
    const json state = testing::state_document(module(json::array(
        {external("data.external.a", {"/usr/bin/env", "certgate-external", "notification"},
                  {{"enabled", "true"}, {"count", 3}, {"nothing", nullptr}, {"list", {1}}}, {{"enabled", "true"}}),
         external("data.external.other", {"python3", "x.py"}, {{"a", "b"}}, {{"c", "d"}}),
         resource("external.managed", "external", {{"program", {"certgate-external", "certificate"}}})})));
    std::istringstream in(state.dump());
    Collected sink;
    auto summary = read_records(in, "s.json", sink);
    ASSERT_TRUE(summary) << summary.error().describe();
    ASSERT_EQ(sink.instances.size(), 3U);
    const auto& first = sink.instances[0];
    ASSERT_TRUE(first.external);
    EXPECT_EQ(first.section, Section::state_values);
    EXPECT_EQ(first.external->kind, "notification");
    using Query = std::map<std::string, std::optional<std::string>>;
    EXPECT_EQ(first.external->query, (Query{{"count", std::nullopt}, {"enabled", "true"}, {"list", std::nullopt}}));
    ASSERT_TRUE(first.external->result);
    EXPECT_EQ(*first.external->result, (std::map<std::string, std::string>{{"enabled", "true"}}));
    EXPECT_FALSE(sink.instances[1].external);
    EXPECT_FALSE(sink.instances[2].external); // a managed resource is no data source
}

TEST(TerraformReader, OneDataSourcePerAddressKnownResultFirst)
{
    const json program = {"certgate-external", "certificate"};
    const json planned =
        module(json::array({external("data.external.a", program, {{"from", "planned"}}, nullptr),
                            external("data.external.b", program, {{"from", "planned"}}, {{"x", "1"}})}));
    const json prior = module(json::array({external("data.external.a", program, {{"from", "prior"}}, {{"x", "1"}}),
                                           external("data.external.b", program, {{"from", "prior"}}, {{"x", "1"}}),
                                           external("data.external.c", program, {{"from", "prior"}}, nullptr)}));
    std::istringstream in(testing::plan_document(planned, json::array(), prior).dump());
    auto sources = read_external_data_sources(in, "plan.json");
    ASSERT_TRUE(sources) << sources.error().describe();
    ASSERT_EQ(sources->size(), 3U);
    std::map<std::string, std::string> from;
    for (const auto& source : *sources) {
        from[source.address] = *source.external->query.at("from");
    }
    EXPECT_EQ(from["data.external.a"], "prior"); // only the prior state knows its result
    EXPECT_EQ(from["data.external.b"], "planned");
    EXPECT_EQ(from["data.external.c"], "prior");
}

TEST(TerraformReader, LongKeysAreShortenedInPaths)
{
    const std::string long_key(100000, 'k');
    testing::CertificateSpec spec;
    spec.common_name = "long.example.com";
    const auto certificate = testing::make_certificate(spec);
    const json state = testing::state_document(
        module(json::array({resource("local_file.a", "local_file", {{long_key, {{"pem", certificate.pem()}}}})})));
    std::istringstream in(state.dump());
    Collected sink;
    ASSERT_TRUE(read_records(in, "s.json", sink));
    ASSERT_EQ(sink.texts.size(), 1U);
    const std::string& attribute = sink.texts[0].first;
    EXPECT_EQ(attribute.rfind("[\"" + std::string(32, 'k') + "...", 0), 0U) << attribute;
    EXPECT_EQ(attribute.size(), 2U + 32U + 3U + 16U + 2U + 4U); // ["<32>...<16 hex>"].pem
    EXPECT_EQ(sink.texts[0].second, "-----BEGIN CERTIFICATE-----");
}

} // namespace
} // namespace certgate::terraform
