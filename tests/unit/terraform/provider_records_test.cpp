// The Terraform reader's record of certgate provider instances: the one rule
// for what counts, typed values, and the bounds that keep a hostile
// document from costing memory.

#include "certgate/adapters/terraform/records.hpp"

#include "plan_test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace certgate::terraform {
namespace {

using nlohmann::json;
using testing::module;
using Kind = ProviderValue::Kind;

const std::string k_tofu_provider = "registry.opentofu.org/certgate/certgate";

json instance(const std::string& address, const std::string& type, const json& values,
              const std::string& provider = k_tofu_provider)
{
    json made = testing::resource(address, type, values);
    made["provider_name"] = provider;
    return made;
}

struct Collected final : RecordSink {
    std::vector<InstanceRecord> instances;
    void instance(InstanceRecord&& record) override { instances.push_back(std::move(record)); }
};

std::vector<InstanceRecord> read_state(const json& resources)
{
    std::istringstream in(testing::state_document(module(resources)).dump());
    Collected sink;
    auto summary = read_records(in, "s.json", sink);
    EXPECT_TRUE(summary) << summary.error().describe();
    return std::move(sink.instances);
}

TEST(TerraformProviderRecords, OneRuleForTheProvidersInstances)
{
    EXPECT_TRUE(is_certgate_provider_instance(k_tofu_provider, "certgate_certificate"));
    EXPECT_TRUE(is_certgate_provider_instance("registry.terraform.io/certgate/certgate", "certgate_recipient"));
    EXPECT_TRUE(is_certgate_provider_instance("mirror.example.com/certgate/certgate", "certgate_notification"));
    EXPECT_FALSE(is_certgate_provider_instance(k_tofu_provider, "certgate_expiry"));
    EXPECT_FALSE(is_certgate_provider_instance(k_tofu_provider, "external"));
    EXPECT_FALSE(is_certgate_provider_instance("registry.terraform.io/other/certgate", "certgate_recipient"));
    EXPECT_FALSE(is_certgate_provider_instance("registry.terraform.io/notcertgate/certgate", "certgate_recipient"));
    EXPECT_FALSE(is_certgate_provider_instance("certgate", "certgate_recipient"));
    EXPECT_FALSE(is_certgate_provider_instance("", "certgate_recipient"));
}

TEST(TerraformProviderRecords, TopLevelAttributesAreTyped)
{
    const auto records = read_state(json::array({
        instance("certgate_recipient.ops", "certgate_recipient",
                 {{"id", "rcpt-0123456789abcdef"},
                  {"email", nullptr},
                  {"channels", {"email", "sms"}},
                  {"categories", json::array()},
                  {"count", 30},
                  {"ratio", 1.5e3},
                  {"verified", false},
                  {"nested", {{"id", "not-top-level"}}},
                  {"schedule", json::array({{{"milestone", "1w"}}})},
                  {"mixed", json::array({"a", 1})},
                  {"lists", json::array({json::array({"a"})})}}),
        instance("data.certgate_certificate.other", "certgate_certificate", {{"id", "x"}},
                 "registry.terraform.io/hashicorp/tls"),
        testing::resource("data.external.x", "external", {{"id", "y"}}),
    }));
    ASSERT_EQ(records.size(), 3U);
    ASSERT_TRUE(records[0].provider);
    EXPECT_FALSE(records[1].provider) << "another provider's type of the same name";
    EXPECT_FALSE(records[2].provider);
    const auto& attributes = records[0].provider->attributes;
    ASSERT_EQ(attributes.size(), 11U);
    EXPECT_EQ(attributes.at("id").kind, Kind::string);
    EXPECT_EQ(attributes.at("id").text, "rcpt-0123456789abcdef");
    EXPECT_EQ(attributes.at("email").kind, Kind::null);
    EXPECT_EQ(attributes.at("channels").kind, Kind::string_list);
    EXPECT_EQ(attributes.at("channels").items, (std::vector<std::string>{"email", "sms"}));
    EXPECT_EQ(attributes.at("categories").kind, Kind::string_list);
    EXPECT_TRUE(attributes.at("categories").items.empty());
    EXPECT_EQ(attributes.at("count").kind, Kind::number);
    EXPECT_EQ(attributes.at("count").text, "30");
    EXPECT_EQ(attributes.at("ratio").text, "1500.0"); // as written (nlohmann writes 1.5e3 so)
    EXPECT_EQ(attributes.at("verified").kind, Kind::boolean);
    EXPECT_FALSE(attributes.at("verified").boolean);
    EXPECT_EQ(attributes.at("nested").kind, Kind::other);
    EXPECT_EQ(attributes.at("schedule").kind, Kind::other);
    EXPECT_EQ(attributes.at("mixed").kind, Kind::other);
    EXPECT_TRUE(attributes.at("mixed").items.empty());
    EXPECT_EQ(attributes.at("lists").kind, Kind::other);
}

TEST(TerraformProviderRecords, TheTypeMayComeAfterTheValues)
{
    const std::string text =
        R"({"format_version":"1.0","values":{"root_module":{"resources":[)"
        R"({"values":{"id":"rcpt-0123456789abcdef"},"address":"certgate_recipient.a","mode":"managed",)"
        R"("provider_name":"registry.opentofu.org/certgate/certgate","type":"certgate_recipient"},)"
        R"({"values":{"id":"z"},"address":"x.b","mode":"managed",)"
        R"("provider_name":"registry.opentofu.org/certgate/certgate","type":"x"}]}}})";
    std::istringstream in(text);
    Collected sink;
    ASSERT_TRUE(read_records(in, "s.json", sink));
    ASSERT_EQ(sink.instances.size(), 2U);
    ASSERT_TRUE(sink.instances[0].provider);
    EXPECT_EQ(sink.instances[0].provider->attributes.at("id").text, "rcpt-0123456789abcdef");
    EXPECT_FALSE(sink.instances[1].provider);
}

TEST(TerraformProviderRecords, BoundsTurnValuesIntoOther)
{
    json huge_list = json::array();
    for (std::size_t i = 0; i <= k_max_provider_list_items; ++i) {
        huge_list.push_back("i");
    }
    json many = json::object();
    for (std::size_t i = 0; i < k_max_provider_attributes + 5; ++i) {
        many["a" + std::to_string(100000 + i)] = "v";
    }
    many["zz_after_the_count"] = "dropped";
    json big = {{"long", std::string(k_max_provider_value_bytes + 1, 'x')},
                {"fits", std::string(k_max_provider_value_bytes, 'x')},
                {"huge_list", huge_list},
                {"full_list", json::array({"a", "b"})}};
    // 16 values of 64 KiB fill the 1 MiB per instance; the 17th is past it.
    for (int i = 0; i < 16; ++i) {
        big["p" + std::to_string(10 + i)] = std::string(k_max_provider_value_bytes, 'y');
    }
    const auto records = read_state(json::array({
        instance("certgate_notification.many", "certgate_notification", many),
        instance("certgate_notification.big", "certgate_notification", big),
    }));
    ASSERT_EQ(records.size(), 2U);
    ASSERT_TRUE(records[0].provider);
    EXPECT_EQ(records[0].provider->attributes.size(), k_max_provider_attributes);
    EXPECT_EQ(records[0].provider->attributes.count("zz_after_the_count"), 0U);
    ASSERT_TRUE(records[1].provider);
    const auto& attributes = records[1].provider->attributes;
    EXPECT_EQ(attributes.at("long").kind, Kind::other);
    EXPECT_TRUE(attributes.at("long").text.empty());
    EXPECT_EQ(attributes.at("fits").kind, Kind::string);
    EXPECT_EQ(attributes.at("huge_list").kind, Kind::other);
    EXPECT_TRUE(attributes.at("huge_list").items.empty());
    // Keys in order: fits (64 KiB), full_list, huge_list (1000 bytes), long (refused), p10 … p25.
    EXPECT_EQ(attributes.at("full_list").kind, Kind::string_list);
    std::size_t kept = 0;
    for (int i = 0; i < 16; ++i) {
        kept += attributes.at("p" + std::to_string(10 + i)).kind == Kind::string ? 1U : 0U;
    }
    EXPECT_EQ(kept, 14U); // 64 KiB + 1,000 items + 14 × 64 KiB fit in 1 MiB; the 15th does not
    EXPECT_EQ(attributes.at("p24").kind, Kind::other);
}

TEST(TerraformProviderRecords, AHostileHugeListCostsNoMemory)
{
    // 200,000 items of a list (200 times the bound): the record keeps none of them.
    std::string text =
        R"({"format_version":"1.0","values":{"root_module":{"resources":[{"address":"certgate_recipient.a",)"
        R"("mode":"managed","type":"certgate_recipient",)"
        R"("provider_name":"registry.opentofu.org/certgate/certgate","values":{"channels":[)";
    for (int i = 0; i < 200000; ++i) {
        text += i == 0 ? "\"email\"" : ",\"email\"";
    }
    text += "]}}]}}}";
    std::istringstream in(text);
    Collected sink;
    ASSERT_TRUE(read_records(in, "s.json", sink));
    ASSERT_EQ(sink.instances.size(), 1U);
    ASSERT_TRUE(sink.instances[0].provider);
    const ProviderValue& channels = sink.instances[0].provider->attributes.at("channels");
    EXPECT_EQ(channels.kind, Kind::other);
    EXPECT_EQ(channels.items.capacity(), 0U);
}

TEST(TerraformProviderRecords, DeclarationSourcesTakeTheAppliedStateOnly)
{
    const auto recipient = [](const std::string& from) {
        return instance("certgate_recipient.ops", "certgate_recipient",
                        {{"id", "rcpt-0123456789abcdef"}, {"from", from}});
    };
    const json program = {"certgate-external", "certificate"};
    const json external = testing::resource(
        "data.external.c", "external", {{"program", program}, {"query", json::object()}, {"result", {{"id", "x"}}}});
    const json planned = module(json::array(
        {recipient("planned"), instance("certgate_recipient.new", "certgate_recipient", {{"name", "new"}})}));
    const json prior = module(json::array({external, recipient("prior"), recipient("prior again")}));
    json change = testing::change("certgate_recipient.ops", "certgate_recipient", json::array({"update"}),
                                  {{"id", "rcpt-0123456789abcdef"}, {"from", "change"}});
    change["provider_name"] = k_tofu_provider;
    const json changes = json::array({change});
    std::istringstream in(testing::plan_document(planned, changes, prior).dump());
    auto sources = read_declaration_sources(in, "plan.json");
    ASSERT_TRUE(sources) << sources.error().describe();
    ASSERT_EQ(sources->size(), 2U);
    EXPECT_EQ((*sources)[0].address, "data.external.c");
    ASSERT_TRUE((*sources)[1].provider);
    EXPECT_EQ((*sources)[1].section, Section::prior_state);
    EXPECT_EQ((*sources)[1].provider->attributes.at("from").text, "prior");

    std::istringstream external_only(testing::plan_document(planned, changes, prior).dump());
    auto externals = read_external_data_sources(external_only, "plan.json");
    ASSERT_TRUE(externals);
    ASSERT_EQ(externals->size(), 1U);
    EXPECT_EQ((*externals)[0].address, "data.external.c");
}

} // namespace
} // namespace certgate::terraform
