import { RULES, type Finding } from '../rules';
import { SARIF_SCHEMA, SCANNER_INFORMATION_URI, toSarif } from './to-sarif.use-case';

const DIGEST = `sha256:${'a'.repeat(64)}`;

const findings: Finding[] = [
  { ruleId: 'secret/private-key', severity: 'critical', file: 'keys/id rsa', line: 3, message: 'PEM private key block' },
  { ruleId: 'dockerfile/unpinned-base-image', severity: 'medium', file: 'Dockerfile', line: 1, message: 'FROM node has no tag' },
  { ruleId: 'package/install-script', severity: 'low', file: 'package.json', line: 0, message: 'scripts.postinstall' },
];

describe('toSarif', () => {
  const log = toSarif(findings, { digest: DIGEST, toolVersion: '1.2.3' });
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run?.properties).toEqual({ digest: DIGEST });
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
        locations: [{ physicalLocation: { artifactLocation: { uri: 'keys/id%20rsa' }, region: { startLine: 3 } } }],
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
});
