import { parse, parseAllDocuments } from 'yaml';
import type { CloudProvider } from '@jetway/contracts';
import type { BundleFile } from '@jetway/messaging';
import { InfraGenerateError } from '../infra-bundle';
import { cloudSpec } from '../infra-spec.testing';
import { generateOnlyFiles } from './index';

// /work/shared/schemas has no schema for Pulumi YAML, CloudFormation or Crossplane managed
// resources (and their CLIs cannot run here), so these specs parse every file with the `yaml`
// package and check what a schema would: the required top-level keys, the type names' form, and
// that every reference and parameter points at something the same files declare.

const PROVIDERS: CloudProvider[] = ['aws', 'azure', 'gcp'];
const COMPUTES = ['containers', 'vms', 'serverless', 'hybrid'] as const;
const HEADER = (tool: string) => `# generated only: Jetway does not plan or apply ${tool}.\n`;

const byPath = (files: BundleFile[]) => new Map(files.map((f) => [f.path, f.content]));
/** Every string in a parsed document, depth first. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
/** Every object in a parsed document, depth first. */
function objects(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (value && typeof value === 'object') return [value as Record<string, unknown>, ...Object.values(value).flatMap(objects)];
  return [];
}

describe('pulumi (generate only)', () => {
  it.each(PROVIDERS.flatMap((p) => COMPUTES.map((c) => [p, c] as const)))('%s %s: a Pulumi YAML project whose references and config all resolve', (provider, compute) => {
    const files = byPath(generateOnlyFiles(cloudSpec({ cloud_provider: provider, iac_tool: 'pulumi' }, compute)));
    expect([...files.keys()]).toEqual(['pulumi/Pulumi.yaml', 'pulumi/Main.yaml']);
    for (const content of files.values()) expect(content.startsWith(HEADER('pulumi'))).toBe(true);
    const project = parse(files.get('pulumi/Pulumi.yaml') ?? '') as { name: string; runtime: string; config: Record<string, unknown> };
    expect(project).toMatchObject({ name: 'shop', runtime: 'yaml' });
    const program = parse(files.get('pulumi/Main.yaml') ?? '') as { resources: Record<string, { type: string; properties: object }>; outputs: Record<string, string> };
    const prefix = { aws: 'aws', azure: 'azure', gcp: 'gcp' }[provider];
    for (const resource of Object.values(program.resources)) expect(resource.type).toMatch(new RegExp(`^${prefix}:[a-z0-9]+:[A-Z][A-Za-z0-9]+$`));
    const interpolations = strings(program).flatMap((s) => [...s.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? ''));
    expect(interpolations.length).toBeGreaterThan(0);
    for (const expression of interpolations) {
      const [head] = expression.split('.');
      expect({ expression, known: Object.hasOwn(program.resources, head ?? '') || Object.hasOwn(project.config, head ?? '') }).toEqual({ expression, known: true });
    }
    // What only the account knows is required config: declared with a type, and no default.
    for (const [key, value] of Object.entries(project.config).filter(([key]) => !key.includes(':'))) expect({ key, value }).toEqual({ key, value: { type: 'string', description: expect.any(String) } });
  });
});

describe('cloudformation (generate only)', () => {
  const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName']);

  it.each(COMPUTES)('aws %s: a template whose Refs, GetAtts and conditions all resolve', (compute) => {
    const files = generateOnlyFiles(cloudSpec({ iac_tool: 'cloudformation' }, compute));
    expect(files.map((f) => f.path)).toEqual(['cloudformation/template.yaml']);
    const content = files[0]?.content ?? '';
    expect(content.startsWith(HEADER('cloudformation'))).toBe(true);
    const template = parse(content) as { AWSTemplateFormatVersion: string; Parameters: Record<string, { Type: string }>; Conditions: Record<string, unknown>; Resources: Record<string, { Type: string; Properties: object }> };
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    const resources = Object.keys(template.Resources);
    for (const resource of Object.values(template.Resources)) expect(resource.Type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    const nodes = objects(template.Resources);
    for (const name of nodes.filter((o) => typeof o['Ref'] === 'string').map((o) => o['Ref'] as string)) expect([...resources, ...Object.keys(template.Parameters), ...PSEUDO]).toContain(name);
    for (const [name] of nodes.filter((o) => Array.isArray(o['Fn::GetAtt'])).map((o) => o['Fn::GetAtt'] as string[])) expect(resources).toContain(name);
    for (const [condition] of nodes.filter((o) => Array.isArray(o['Fn::If'])).map((o) => o['Fn::If'] as string[])) expect(Object.keys(template.Conditions)).toContain(condition);
    expect(template.Parameters['Environment']).toMatchObject({ Type: 'String', Default: 'production' });
  });

  it.each(['azure', 'gcp'] as const)('refuses %s, naming cloud_provider', (provider) => {
    const run = () => generateOnlyFiles(cloudSpec({ cloud_provider: provider, iac_tool: 'cloudformation' }));
    expect(run).toThrow(InfraGenerateError);
    expect(run).toThrow(`iac_tool cloudformation is AWS only, but cloud_provider is ${provider}`);
  });
});

describe('crossplane (generate only)', () => {
  it.each(PROVIDERS.flatMap((p) => COMPUTES.map((c) => [p, c] as const)))('%s %s: managed resources per layer whose references all resolve', (provider, compute) => {
    const files = generateOnlyFiles(cloudSpec({ cloud_provider: provider, iac_tool: 'crossplane' }, compute));
    expect(files.map((f) => f.path)).toEqual(['crossplane/network.yaml', 'crossplane/security.yaml', 'crossplane/data.yaml', 'crossplane/compute.yaml', 'crossplane/observability.yaml']);
    const manifests = files.flatMap((file) => {
      expect(file.content.startsWith(HEADER('crossplane'))).toBe(true);
      const docs = parseAllDocuments(file.content);
      for (const doc of docs) expect(doc.errors).toEqual([]);
      return docs.map((doc) => doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string; labels: Record<string, string> }; spec: { forProvider: object; providerConfigRef: object } });
    });
    const names = manifests.map((m) => m.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of manifests) {
      expect(m.apiVersion).toMatch(provider === 'azure' ? /^([a-z0-9]+\.)?azure\.upbound\.io\/v1beta1$/ : new RegExp(`^[a-z0-9]+\\.${provider}\\.upbound\\.io/v1beta1$`));
      expect(m.kind).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(m.metadata).toMatchObject({ name: expect.stringMatching(/^shop-[a-z0-9-]+$/), labels: { 'jetway.dev/stack': 'shop' } });
      expect(m.spec.providerConfigRef).toEqual({ name: 'default' });
      const refs = objects(m.spec.forProvider).flatMap((o) => Object.entries(o).filter(([key]) => /Refs?$/.test(key)).flatMap(([, v]) => (Array.isArray(v) ? v : [v]) as Array<{ name: string }>));
      for (const target of refs) expect(names).toContain(target.name);
    }
  });
});

describe('generate-only tools', () => {
  it('are never asked for terraform', () => {
    expect(() => generateOnlyFiles(cloudSpec())).toThrow('terraform is planned and applied, not generate-only');
  });
});
