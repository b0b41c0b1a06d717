// Extracts the arguments and nested blocks of the resource types a generator uses from a
// prebuilt CDKTF provider package (@cdktf/provider-aws, -azurerm, -google), whose
// typed bindings carry the provider's schema: each property's registry anchor is its Terraform
// name, a `?` marks it optional, a struct type marks a nested block. The snapshot is kept in the
// repo so specs check generated HCL offline without a 300 MB dependency.
//
//   npm pack @cdktf/provider-azurerm@14.23.1 && tar xzf provider-azurerm-14.23.1.tgz
//   node extract-provider-schema.mjs package azurerm azurerm_resource_group,... > azure/azurerm-schema.json
//   (aws: npm pack @cdktf/provider-aws@19.65.1, the last 19.x, on aws 5.99.1; its types in aws-schema.json,
//   those only the CI modules use in ci/aws-ci-schema.json)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, provider, wanted] = process.argv.slice(2);
if (!root || !provider || !wanted) throw new Error('usage: extract-provider-schema.mjs <unpacked package dir> <provider> <type,type,data.type,...>');
const lib = join(root, 'lib');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const providerVersion = /provider version (\S+)/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1];

/** type name → folder, from each folder's `X.tfResourceType = "type"` (data sources are in `data-*` folders). */
const folders = new Map();
for (const dir of readdirSync(lib)) {
  const js = join(lib, dir, 'index.js');
  if (!existsSync(js)) continue;
  const type = /\.tfResourceType = "([^"]+)"/.exec(readFileSync(js, 'utf8'))?.[1];
  if (type) folders.set(`${dir.startsWith('data-') ? 'data.' : ''}${type}`, dir);
}

/** Interfaces of a .d.ts: name → [{ name (Terraform's), required, struct }]. */
function interfaces(dts) {
  const result = new Map();
  for (const m of dts.matchAll(/export interface (\w+)(?: extends [\w.]+)? \{\n([\s\S]*?)\n\}/g)) {
    const props = [];
    for (const p of m[2].matchAll(/#(\w+) \w+#\w+\}[\s\S]*?\*\/\s*readonly (\w+)(\?)?: ([^;]+);/g)) {
      const struct = /^(\w+)(\[\])?( \| cdktf\.IResolvable)?$/.exec(p[4].trim())?.[1];
      props.push({ name: p[1], required: p[3] !== '?', struct: struct && result !== undefined ? struct : undefined });
    }
    result.set(m[1], props);
  }
  return result;
}

function schemaOf(all, name, depth = 0) {
  const props = all.get(name) ?? [];
  const out = {};
  for (const p of props) {
    // A resource's own id is computed; a nested block's id (cleanup_policies.id) is an argument.
    if ((p.name === 'id' && depth === 0) || p.name === 'timeouts') continue;
    const nested = p.struct && all.has(p.struct) && depth < 6 ? schemaOf(all, p.struct, depth + 1) : undefined;
    out[p.name] = nested ? { required: p.required, block: nested } : { required: p.required };
  }
  return out;
}

const types = {};
for (const type of wanted.split(',')) {
  const dir = folders.get(type);
  if (!dir) throw new Error(`${type}: no such resource or data source in ${pkg.name} ${pkg.version}`);
  const dts = readFileSync(join(lib, dir, 'index.d.ts'), 'utf8');
  const all = interfaces(dts);
  const config = [...all.keys()].find((k) => k.endsWith('Config') && dts.includes(`interface ${k} extends cdktf.TerraformMetaArguments`));
  types[type] = schemaOf(all, config);
}
// One line per type: reviewable in a diff, small on disk.
const lines = Object.entries(types).map(([type, schema]) => `    ${JSON.stringify(type)}: ${JSON.stringify(schema)}`);
process.stdout.write(`{\n  "provider": ${JSON.stringify(provider)},\n  "provider_version": ${JSON.stringify(providerVersion)},\n  "from": ${JSON.stringify(`${pkg.name}@${pkg.version}`)},\n  "types": {\n${lines.join(',\n')}\n  }\n}\n`);
