#pragma once
// Building configurations the way Terraform sends them: every attribute of
// the schema present, null unless given.

#include "certgate/app/provider/provider.hpp"
#include "certgate/core/terraform_value.hpp"
#include "support/certificates.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

namespace certgate::testing {

namespace tv = terraform_value;

inline tv::Value object_for(const tv::Schema& schema, const std::map<std::string, tv::Value>& given)
{
    std::vector<std::pair<std::string, tv::Value>> fields;
    for (const tv::Attribute& attribute : schema.attributes) {
        const auto found = given.find(attribute.name);
        fields.emplace_back(attribute.name, found == given.end() ? tv::null_value() : found->second);
    }
    for (const auto& [name, value] : given) {
        EXPECT_TRUE(std::any_of(schema.attributes.begin(), schema.attributes.end(),
                                [&](const tv::Attribute& attribute) { return attribute.name == name; }))
            << "no attribute " << name;
    }
    return tv::object_value(std::move(fields));
}

inline std::unique_ptr<ProviderService> configured_provider(const std::map<std::string, tv::Value>& block,
                                                            app::ProviderEnvironment environment = {})
{
    if (environment.clock == Instant{}) {
        environment.clock = at("2026-11-30T09:00:00Z");
    }
    auto provider = app::make_certgate_provider(environment);
    const auto diagnostics = provider->configure(object_for(provider->schemas().provider, block));
    EXPECT_TRUE(diagnostics.empty()) << (diagnostics.empty() ? "" : diagnostics.front().detail);
    return provider;
}

inline const tv::Value& field(const tv::Value& object, std::string_view name)
{
    const tv::Value* value = tv::find_field(object, name);
    if (value == nullptr) {
        ADD_FAILURE() << "no field " << name;
        static const tv::Value k_null;
        return k_null;
    }
    return *value;
}

inline std::string path_text(const tv::AttributePath& path)
{
    std::string text;
    for (const tv::PathStep& step : path) {
        text += step.kind == tv::PathStep::Kind::index ? "[" + std::to_string(step.index) + "]"
                                                       : (text.empty() ? "" : ".") + step.name;
    }
    return text;
}

} // namespace certgate::testing
