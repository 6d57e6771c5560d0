#pragma once
// terraform_value <-> tfplugin6 protocol messages: diagnostics, attribute
// paths, schemas, and DynamicValues through the msgpack adapter.

#include "certgate/core/result.hpp"
#include "certgate/core/terraform_value.hpp"

#include <tfplugin6.pb.h>

#include <google/protobuf/repeated_field.h>

#include <string>

namespace certgate::tfplugin::detail {

using DiagnosticList = google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>;

void to_wire(const terraform_value::AttributePath& path, tfplugin6::AttributePath& out);
void add_diagnostics(const terraform_value::Diagnostics& diagnostics, DiagnosticList& out);
/// An error diagnostic of the protocol's own making (no attribute path).
void add_error(const std::string& summary, const std::string& detail, DiagnosticList& out);

void to_wire(const terraform_value::Schema& schema, tfplugin6::Schema& out);

/// A DynamicValue of `type`: msgpack; an absent value is null. JSON
/// DynamicValues are refused (Terraform and OpenTofu send msgpack).
[[nodiscard]] Result<terraform_value::Value> from_wire(const tfplugin6::DynamicValue& value,
                                                       const terraform_value::Type& type);
[[nodiscard]] Result<bool> to_wire(const terraform_value::Value& value, const terraform_value::Type& type,
                                   tfplugin6::DynamicValue& out);

} // namespace certgate::tfplugin::detail
