// Prints the JSON form of Terraform files, parsed by HashiCorp's HCL parser
// (@cdktf/hcl2json, WebAssembly). usage: node hcl2json.mjs FILE.tf...
// Output: {"FILE.tf": <parsed>, ...}; exit 1 with the parser's message on a syntax error.
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';

const result = {};
for (const file of process.argv.slice(2)) {
  try {
    result[file] = await parse(file, readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${file}: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(result));
