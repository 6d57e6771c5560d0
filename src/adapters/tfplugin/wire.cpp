#include "wire.hpp"

#include "certgate/adapters/msgpack/dynamic_value.hpp"
#include "certgate/adapters/msgpack/type_json.hpp"

namespace certgate::tfplugin::detail {
namespace tv = terraform_value;

void to_wire(const tv::AttributePath& path, tfplugin6::AttributePath& out)
{
    for (const auto& step : path) {
        auto* wire = out.add_steps();
        switch (step.kind) {
        case tv::PathStep::Kind::attribute:
            wire->set_attribute_name(step.name);
            break;
        case tv::PathStep::Kind::key:
            wire->set_element_key_string(step.name);
            break;
        case tv::PathStep::Kind::index:
            wire->set_element_key_int(step.index);
            break;
        }
    }
}

void add_diagnostics(const tv::Diagnostics& diagnostics, DiagnosticList& out)
{
    for (const auto& diagnostic : diagnostics) {
        auto* wire = out.Add();
        wire->set_severity(diagnostic.severity == tv::Severity::error ? tfplugin6::Diagnostic::ERROR
                                                                      : tfplugin6::Diagnostic::WARNING);
        wire->set_summary(diagnostic.summary);
        wire->set_detail(diagnostic.detail);
        if (!diagnostic.attribute.empty()) {
            to_wire(diagnostic.attribute, *wire->mutable_attribute());
        }
    }
}

void add_error(const std::string& summary, const std::string& detail, DiagnosticList& out)
{
    auto* wire = out.Add();
    wire->set_severity(tfplugin6::Diagnostic::ERROR);
    wire->set_summary(summary);
    wire->set_detail(detail);
}

void to_wire(const tv::Schema& schema, tfplugin6::Schema& out)
{
    out.set_version(schema.version);
    auto* block = out.mutable_block();
    block->set_version(schema.version);
    block->set_description(schema.description);
    for (const auto& attribute : schema.attributes) {
        auto* wire = block->add_attributes();
        wire->set_name(attribute.name);
        wire->set_type(msgpack_value::type_json(*attribute.type));
        wire->set_description(attribute.description);
        wire->set_required(attribute.required);
        wire->set_optional(attribute.optional);
        wire->set_computed(attribute.computed);
        wire->set_sensitive(attribute.sensitive);
    }
}

Result<tv::Value> from_wire(const tfplugin6::DynamicValue& value, const tv::Type& type)
{
    if (value.msgpack().empty()) {
        if (!value.json().empty()) {
            return make_error(ErrorCode::input, "a DynamicValue in JSON form; certgate reads the msgpack form "
                                                "Terraform and OpenTofu send");
        }
        return tv::Value{};
    }
    return msgpack_value::decode(value.msgpack(), type);
}

Result<bool> to_wire(const tv::Value& value, const tv::Type& type, tfplugin6::DynamicValue& out)
{
    auto bytes = msgpack_value::encode(value, type);
    if (!bytes) {
        return bytes.error();
    }
    out.set_msgpack(std::move(bytes.value()));
    return true;
}

} // namespace certgate::tfplugin::detail
