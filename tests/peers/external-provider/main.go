// A test peer that stands in for the hashicorp/external provider 2.4.0 in
// certgate's real-Terraform tests (tests/e2e/terraform_real). The Go module
// proxy refuses the provider's module, so real tofu and terraform could not
// run a data "external" block without it. Written by the certgate project
// from the provider's documented behaviour (docs/data-sources/external.md and
// the error texts in /work/shared/reference/terraform.md section 1); no code
// of the provider was copied or read. See README.md for what differs.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os/exec"
	"runtime"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The version the mirror files it under: the release whose behaviour it follows.
const version = "2.4.0"

func main() {
	// Protocol 5, as the real provider serves, under the address both
	// registries resolve "hashicorp/external" to for Terraform.
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &externalProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hashicorp/external", ProtocolVersion: 5})
	if err != nil {
		log.Fatal(err)
	}
}

// externalProvider has no configuration and one data source.
type externalProvider struct{}

func (p *externalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "external"
	resp.Version = version
}

func (p *externalProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (p *externalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (p *externalProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *externalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &externalDataSource{} }}
}

// externalDataSource runs `program` with `query` as a JSON object on stdin
// and exposes the JSON object of strings it prints as `result`.
type externalDataSource struct{}

type externalModel struct {
	Program    types.List   `tfsdk:"program"`
	WorkingDir types.String `tfsdk:"working_dir"`
	Query      types.Map    `tfsdk:"query"`
	Result     types.Map    `tfsdk:"result"`
	ID         types.String `tfsdk:"id"`
}

func (d *externalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName // data "external"
}

func (d *externalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Runs an external program that reads a JSON object of strings on stdin and prints one on stdout.",
		Attributes: map[string]schema.Attribute{
			"program": schema.ListAttribute{
				Description: "The program and its arguments (no shell); the first element is looked up on PATH.",
				ElementType: types.StringType,
				Required:    true,
			},
			"working_dir": schema.StringAttribute{
				Description: "Working directory of the program; if not supplied, the current directory.",
				Optional:    true,
			},
			"query": schema.MapAttribute{
				Description: "Passed to the program as a JSON object on stdin; null values are left out.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"result": schema.MapAttribute{
				Description: "The JSON object of strings the program printed on stdout.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"id": schema.StringAttribute{
				Description: "Always \"-\".",
				Computed:    true,
			},
		},
	}
}

const executionFailed = "External Program Execution Failed"

func (d *externalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config externalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Null and empty program elements are dropped.
	var program []types.String
	resp.Diagnostics.Append(config.Program.ElementsAs(ctx, &program, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var argv []string
	for _, element := range program {
		if !element.IsNull() && element.ValueString() != "" {
			argv = append(argv, element.ValueString())
		}
	}
	if len(argv) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "External Program Missing",
			"The data source was configured without a program to execute. Verify the configuration contains at least one non-empty value.")
		return
	}

	// Null query values are not sent; the rest go as a compact JSON object
	// with sorted keys (encoding/json's map order), no trailing newline.
	query := map[string]string{}
	if !config.Query.IsNull() {
		var elements map[string]types.String
		resp.Diagnostics.Append(config.Query.ElementsAs(ctx, &elements, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
		for key, value := range elements {
			if !value.IsNull() {
				query[key] = value.ValueString()
			}
		}
	}
	queryJSON, err := json.Marshal(query)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("query"), "Query Handling Failed",
			"The data source received an unexpected error while attempting to parse the query. This is always a bug in the external provider code and should be reported to the provider developers.\n\nError: "+err.Error())
		return
	}

	if _, err := exec.LookPath(argv[0]); err != nil && !errors.Is(err, exec.ErrDot) {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "External Program Lookup Failed", lookupFailedDetail(program[0].String(), err))
		return
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	if errors.Is(cmd.Err, exec.ErrDot) {
		cmd.Err = nil // a program in the working directory, as the provider allows
	}
	cmd.Dir = config.WorkingDir.ValueString()
	cmd.Stdin = bytes.NewReader(queryJSON)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	if err != nil {
		detail := "The data source received an unexpected error while attempting to execute the program.\n\n"
		if stderr.Len() > 0 {
			detail += fmt.Sprintf("Program: %s\nError Message: %s\nState: %s", cmd.Path, stderr.String(), err)
		} else {
			detail += fmt.Sprintf("The program was executed, however it returned no additional error messaging.\n\nProgram: %s\nState: %s", cmd.Path, err)
		}
		resp.Diagnostics.AddAttributeError(path.Root("program"), executionFailed, detail)
		return
	}

	result := map[string]string{}
	if err := json.Unmarshal(output, &result); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("program"), "Unexpected External Program Results",
			"The data source received unexpected results after executing the program.\n\n"+
				"Program output must be a JSON encoded map of string keys and string values.\n\n"+
				"If the error is unclear, the output can be viewed by enabling Terraform's logging at TRACE level. "+
				"Terraform documentation on logging: https://www.terraform.io/internals/debugging\n\n"+
				fmt.Sprintf("Program: %s\nResult Error: %s", cmd.Path, err))
		return
	}

	resultValue, diags := types.MapValueFrom(ctx, types.StringType, result)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	config.Result = resultValue
	config.ID = types.StringValue("-")
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}

// lookupFailedDetail is the provider's documented text for a program that
// cannot be found or is not executable (its first sentence is repeated, as
// the real provider prints it).
func lookupFailedDetail(quotedProgram string, err error) string {
	return "The data source received an unexpected error while attempting to parse the query. " +
		"The data source received an unexpected error while attempting to find the program.\n\n" +
		"The program must be accessible according to the platform where Terraform is running.\n\n" +
		"If the expected program should be automatically found on the platform where Terraform is running, " +
		"ensure that the program is in an expected directory. On Unix-based platforms, these directories are " +
		"typically searched based on the '$PATH' environment variable. On Windows-based platforms, these " +
		"directories are typically searched based on the '%PATH%' environment variable.\n\n" +
		"If the expected program is relative to the Terraform configuration, it is recommended that the program " +
		"name includes the interpolated value of 'path.module' before the program name to ensure that it is " +
		"compatible with varying module usage. For example: \"${path.module}/my-program\"\n\n" +
		"The program must also be executable according to the platform where Terraform is running. On Unix-based " +
		"platforms, the file on the filesystem must have the executable bit set. On Windows-based platforms, no " +
		"action is typically necessary.\n\n" +
		fmt.Sprintf("Platform: %s\nProgram: %s\nError: %s", runtime.GOOS, quotedProgram, err)
}
