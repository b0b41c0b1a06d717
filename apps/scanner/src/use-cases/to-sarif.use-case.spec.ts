import { RULES, type Finding } from '../rules';
import { sarifSchemaErrors } from './sarif-schema.testing';
import { relativeUri, SARIF_SCHEMA, SCANNER_INFORMATION_URI, toSarif } from './to-sarif.use-case';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const SOURCE_DIGEST = `sha256:${'b'.repeat(64)}`;

const findings: Finding[] = [
  { ruleId: 'secret/private-key', severity: 'critical', target: 'artifact', file: 'keys/id rsa', line: 3, message: 'PEM private key block' },
  { ruleId: 'dockerfile/unpinned-base-image', severity: 'medium', target: 'artifact', file: 'Dockerfile', line: 1, message: 'FROM node has no tag' },
  { ruleId: 'package/install-script', severity: 'low', target: 'artifact', file: 'package.json', line: 0, message: 'scripts.postinstall' },
];

describe('toSarif', () => {
  const log = toSarif(findings, { digest: DIGEST, toolVersion: '1.2.3' });
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run?.properties).toEqual({ digest: DIGEST, targets: ['artifact'] });
    expect(Object.keys(run?.originalUriBaseIds ?? {})).toEqual(['ARTIFACT']);
  });

  it('describes the tool and every rule', () => {
    expect(run?.tool.driver).toMatchObject({ name: 'jetway-scanner', informationUri: SCANNER_INFORMATION_URI, version: '1.2.3' });
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run?.tool.driver.rules[0]).toEqual({
      id: 'secret/private-key',
      name: 'PrivateKey',
      shortDescription: { text: 'A PEM private key is part of the artifact.' },
      help: { text: expect.stringContaining('rotate') },
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.5', tags: ['security'] },
    });
  });

  it('maps findings to results with rule index, level and location', () => {
    expect(run?.results).toEqual([
      {
        ruleId: 'secret/private-key',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'PEM private key block' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'keys/id%20rsa', uriBaseId: 'ARTIFACT' }, region: { startLine: 3 } } }],
      },
      expect.objectContaining({
        ruleId: 'dockerfile/unpinned-base-image',
        ruleIndex: RULES.findIndex((r) => r.id === 'dockerfile/unpinned-base-image'),
        level: 'warning',
      }),
      expect.objectContaining({ level: 'note', locations: [expect.objectContaining({ physicalLocation: expect.objectContaining({ region: { startLine: 1 } }) })] }),
    ]);
    for (const result of run?.results ?? []) {
      expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('refuses a finding from a rule it does not list', () => {
    expect(() => toSarif([{ ...findings[0]!, ruleId: 'nope' }], { digest: DIGEST })).toThrow("unknown rule 'nope'");
  });

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    // The validator is not a rubber stamp: a result without its required message is refused.
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete broken.runs[0]?.results[0]?.['message'];
    expect(sarifSchemaErrors(broken)).toEqual([expect.stringContaining("must have required property 'message'")]);
  });
});

describe('toSarif over the artifact and its source', () => {
  const both: Finding[] = [
    { ...findings[0]!, target: 'source', excerpt: 'key = AKIA…MPLE' },
    { ...findings[1]!, target: 'artifact' },
  ];
  const log = toSarif(both, { digest: DIGEST, sourceDigest: SOURCE_DIGEST });
  const run = log.runs[0];

  it('is one run whose locations are relative to the tree they are in', () => {
    expect(run?.properties).toEqual({ digest: DIGEST, source_digest: SOURCE_DIGEST, targets: ['artifact', 'source'] });
    expect(run?.originalUriBaseIds).toEqual({
      ARTIFACT: { description: { text: expect.stringContaining(DIGEST) } },
      SOURCE: { description: { text: expect.stringContaining(SOURCE_DIGEST) } },
    });
    expect(run?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation)).toEqual([
      { uri: 'keys/id%20rsa', uriBaseId: 'SOURCE' },
      { uri: 'Dockerfile', uriBaseId: 'ARTIFACT' },
    ]);
    expect(run?.results[0]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 3, snippet: { text: 'key = AKIA…MPLE' } });
  });

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('refuses a source finding when no source digest was scanned', () => {
    expect(() => toSarif(both, { digest: DIGEST })).toThrow('a finding in the source needs meta.sourceDigest');
  });
});

describe('relativeUri', () => {
  // encodeURI kept '#' (a fragment), '?' (a query) and a first segment's ':' (a scheme), and did not
  // escape '%': a standard consumer then opened another file than the one with the finding.
  it.each(['notes/slack#ops.txt', 'docs/what?.md', 'c:onfig/key.txt', 'a/100%.txt', 'keys/id rsa', 'ünï/cödé.js'])(
    'resolves back to exactly %s against a file: base (WHATWG URL parser)',
    (file) => {
      const uri = relativeUri(file);
      const resolved = new URL(uri, 'file:///srv/tree/');
      expect(resolved.protocol).toBe('file:');
      expect(resolved.search).toBe('');
      expect(resolved.hash).toBe('');
      expect(decodeURIComponent(resolved.pathname)).toBe(`/srv/tree/${file}`);
    },
  );

  it('writes the SARIF uri that way, and the report stays valid', () => {
    const tricky: Finding[] = ['notes/slack#ops.txt', 'docs/what?.md', 'c:onfig/key.txt'].map((file) => ({ ...findings[1]!, file }));
    const log = toSarif(tricky, { digest: DIGEST });
    expect(log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual([
      'notes/slack%23ops.txt',
      'docs/what%3F.md',
      'c%3Aonfig/key.txt',
    ]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});
