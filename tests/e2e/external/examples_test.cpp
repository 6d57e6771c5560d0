// examples/terraform/ parsed with HashiCorp's HCL parser (@cdktf/hcl2json),
// and every data "external" block run with its query, so the examples cannot
// rot: literal queries as they are, the module's queries with the root
// module's arguments (a small evaluator for the expression forms the module
// uses; anything else fails the test).

#include "terraform_client.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace certgate::testing {
namespace {

using nlohmann::json;

const std::string k_now = "2026-11-30T09:00:00Z";

// Parsed once per file list: starting the WebAssembly parser takes a moment.
json parse_hcl(const std::vector<std::string>& files)
{
    static std::map<std::vector<std::string>, json> cache;
    if (const auto found = cache.find(files); found != cache.end()) {
        return found->second;
    }
    const std::string script = source_path("tests/tools/hcl/hcl2json.mjs");
    std::vector<std::string> argv{"/usr/bin/env", "node", script};
    argv.insert(argv.end(), files.begin(), files.end());
    const ProcessResult parsed = run_process(argv);
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    if (parsed.exit_code != 0) {
        return json::object();
    }
    return cache[files] = json::parse(parsed.out);
}

std::set<std::string> schema_keys(const std::string& kind, const std::string& which)
{
    std::ifstream in(source_path("schemas/external-" + kind + "-" + which + ".schema.json"));
    const json schema = json::parse(in);
    std::set<std::string> keys;
    for (const auto& [key, value] : schema.at("properties").items()) {
        keys.insert(key);
    }
    return keys;
}

using terraform::terraform_string;

std::vector<std::string> terraform_files()
{
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("examples/terraform"))) {
        if (entry.is_regular_file() && entry.path().extension() == ".tf") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

struct Block {
    std::string file;
    std::string name;
    std::string kind;
    json body;
};

std::vector<Block> external_blocks(const json& parsed)
{
    std::vector<Block> blocks;
    for (const auto& [file, content] : parsed.items()) {
        if (!content.contains("data") || !content["data"].contains("external")) {
            continue;
        }
        for (const auto& [name, bodies] : content["data"]["external"].items()) {
            for (const json& body : bodies) {
                const json program = body.value("program", json::array());
                EXPECT_EQ(program.size(), 2U) << file << ": " << name;
                EXPECT_TRUE(program[0] == "certgate-external" || program[0] == "${var.program}")
                    << file << ": " << name;
                blocks.push_back({file, name, program.size() > 1 ? program[1].get<std::string>() : "", body});
            }
        }
    }
    return blocks;
}

TEST(TerraformExamples, ParseAndDeclareOnlyDocumentedKeys)
{
    ASSERT_TRUE(std::filesystem::exists(source_path("tests/tools/hcl/node_modules/@cdktf/hcl2json")))
        << "run: npm --prefix tests/tools/hcl ci";
    const json parsed = parse_hcl(terraform_files());
    const std::vector<Block> blocks = external_blocks(parsed);
    ASSERT_GE(blocks.size(), 6U);
    std::map<std::string, std::string> kind_of_name;
    for (const Block& block : blocks) {
        ASSERT_TRUE(block.kind == "certificate" || block.kind == "expiry" || block.kind == "recipient" ||
                    block.kind == "notification")
            << block.name << ": " << block.kind;
        kind_of_name[block.name] = block.kind;
        const std::set<std::string> keys = schema_keys(block.kind, "query");
        for (const auto& [key, value] : block.body.at("query").items()) {
            EXPECT_TRUE(keys.count(key)) << block.file << ": data.external." << block.name << ": query key " << key
                                         << " is not in schemas/external-" << block.kind << "-query.schema.json";
        }
    }
    // Every `<name>.result.<key>` (data sources, for-loop variables named like
    // them, self in a postcondition) names a documented output.
    const std::regex reference(R"((\w+)(?:\[[^\]]*\])?\.result\.(\w+))");
    for (const auto& [file, content] : parsed.items()) {
        const std::string text = content.dump();
        for (auto it = std::sregex_iterator(text.begin(), text.end(), reference); it != std::sregex_iterator(); ++it) {
            const std::string name = (*it)[1];
            const std::string key = (*it)[2];
            std::string kind = name == "self" ? "certificate" : (kind_of_name.count(name) ? kind_of_name[name] : "");
            ASSERT_FALSE(kind.empty()) << file << ": cannot tell the kind of " << it->str();
            EXPECT_TRUE(schema_keys(kind, "result").count(key))
                << file << ": " << it->str() << " is not an output of " << kind;
        }
    }
}

TEST(TerraformExamples, LiteralQueriesRun)
{
    const json parsed = parse_hcl(terraform_files());
    int ran = 0;
    for (const Block& block : external_blocks(parsed)) {
        terraform::Query query;
        bool literal = true;
        for (const auto& [key, value] : block.body.at("query").items()) {
            if (value.is_string() && value.get<std::string>().find("${") != std::string::npos) {
                literal = false;
            }
            query[key] = terraform_string(value);
        }
        if (!literal) {
            continue;
        }
        const std::string folder = std::filesystem::path(block.file).parent_path().string();
        auto read = terraform::read_external(block.kind, query, folder, {{"CERTGATE_NOW", k_now}});
        ASSERT_TRUE(read.ok) << block.file << ": data.external." << block.name << ": " << read.process.err;
        EXPECT_TRUE(read.all_values_json_strings);
        EXPECT_EQ(
            schema_errors(source_path("schemas/external-" + block.kind + "-result.schema.json"), read.process.out), "");
        ++ran;
    }
    EXPECT_GE(ran, 3);
}

// Evaluates the expression forms the module uses, with the root module's
// arguments; fails on anything else so the module stays checkable.
class ModuleEvaluator {
public:
    ModuleEvaluator(json arguments,
                    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>>& results)
        : m_arguments(std::move(arguments)), m_results(results)
    {
    }

    std::optional<std::string> evaluate(const json& value, const std::string& key, const json& each_value)
    {
        if (!value.is_string()) {
            return terraform_string(value);
        }
        const std::string text = value.get<std::string>();
        std::smatch match;
        static const std::regex each_attribute(R"(^\$\{each\.value\.(\w+)\}$)");
        static const std::regex variable(R"(^\$\{var\.(\w+)\}$)");
        static const std::regex result(R"(^\$\{data\.external\.(\w+)\[each\.key\]\.result\.(\w+)\}$)");
        static const std::regex id_list(
            R"(^\$\{jsonencode\(\[for (\w+) in each\.value\.(\w+) : data\.external\.(\w+)\[\1\]\.result\.(\w+)\]\)\}$)");
        if (std::regex_match(text, match, each_attribute)) {
            return each_value.contains(match[1].str()) ? substitute(terraform_string(each_value[match[1].str()]))
                                                       : std::nullopt;
        }
        if (std::regex_match(text, match, variable)) {
            return m_arguments.contains(match[1].str()) ? substitute(terraform_string(m_arguments[match[1].str()]))
                                                        : std::nullopt;
        }
        if (std::regex_match(text, match, result)) {
            return m_results.at(match[1].str()).at(m_each_key).at(match[2].str());
        }
        if (std::regex_match(text, match, id_list)) {
            std::vector<std::string> ids;
            for (const json& item : each_value.value(match[2].str(), json::array())) {
                ids.push_back(m_results.at(match[3].str()).at(item.get<std::string>()).at(match[4].str()));
            }
            return json(ids).dump();
        }
        ADD_FAILURE() << "query key " << key << ": the test cannot evaluate " << text;
        return std::nullopt;
    }

    void set_each_key(std::string key) { m_each_key = std::move(key); }

private:
    // The root module's path.module is "." (Terraform's working directory).
    static std::optional<std::string> substitute(std::optional<std::string> text)
    {
        if (text) {
            for (auto at = text->find("${path.module}"); at != std::string::npos; at = text->find("${path.module}")) {
                text->replace(at, 14, ".");
            }
        }
        return text;
    }

    json m_arguments;
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>>& m_results;
    std::string m_each_key;
};

TEST(TerraformExamples, ModuleQueriesRunWithTheRootArguments)
{
    const std::string root = source_path("examples/terraform");
    const std::string module_file = root + "/modules/certgate/main.tf";
    const json parsed = parse_hcl({root + "/main.tf", module_file});
    ASSERT_TRUE(parsed.contains(module_file));
    const json call = parsed[root + "/main.tf"]["module"]["certgate"][0];
    ASSERT_EQ(call.at("source"), "./modules/certgate");
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> results;
    ModuleEvaluator evaluator(call, results);
    int ran = 0;
    // The module's blocks, in file order (recipient, certificate, notification), are in dependency order.
    for (const char* name : {"recipient", "certificate", "notification"}) {
        const json block = parsed[module_file]["data"]["external"][name][0];
        const std::string kind = block["program"][1];
        std::smatch match;
        const std::string for_each = block.at("for_each");
        ASSERT_TRUE(std::regex_match(for_each, match, std::regex(R"(^\$\{var\.(\w+)\}$)"))) << for_each;
        const json instances = call.value(match[1].str(), json::object());
        for (const auto& [each_key, each_value] : instances.items()) {
            evaluator.set_each_key(each_key);
            terraform::Query query;
            for (const auto& [key, value] : block.at("query").items()) {
                query[key] = evaluator.evaluate(value, key, each_value);
            }
            auto read = terraform::read_external(kind, query, root, {{"CERTGATE_NOW", k_now}});
            ASSERT_TRUE(read.ok) << "module.certgate.data.external." << name << "[\"" << each_key
                                 << "\"]: " << read.process.err << " stdin: " << read.stdin_bytes;
            EXPECT_TRUE(read.all_values_json_strings);
            results[name][each_key] = read.result;
            ++ran;
        }
    }
    EXPECT_GE(ran, 6);
    // The postcondition passes for the root's certificates as of k_now.
    for (const auto& [key, result] : results["certificate"]) {
        EXPECT_NE(result.at("in_renewal_window"), "true") << key;
        EXPECT_NE(result.at("expired"), "true") << key;
    }
    EXPECT_EQ(results["certificate"]["shop"].at("severity"), "ok");
    EXPECT_EQ(results["certificate"]["shop"].at("chain_length"), "3");
    EXPECT_EQ(results["certificate"]["api"].at("name"), "api");
    EXPECT_EQ(results["recipient"]["ops"].at("email"), "ops-oncall@example.com");
    EXPECT_EQ(results["notification"]["shop"].at("recipients"), "[\"" + results["recipient"]["ops"].at("id") + "\",\"" +
                                                                    results["recipient"]["security"].at("id") + "\"]");
}

} // namespace
} // namespace certgate::testing
