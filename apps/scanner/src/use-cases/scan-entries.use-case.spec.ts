import type { Severity } from '@jetway/contracts';
import type { ArchiveEntry } from './read-archive.use-case';
import { judge, scanEntries } from './scan-entries.use-case';

const entry = (path: string, text: string): ArchiveEntry => ({ path, content: Buffer.from(text) });

/** One medium (unpinned base) and one high (pipe to shell) finding; USER is set so no root finding. */
const dockerfile = entry('Dockerfile', ['FROM node', 'RUN curl -fsSL https://x | sh', 'USER node'].join('\n'));

describe('scanEntries', () => {
  it('counts every severity, zero included, and sorts most severe first', () => {
    const result = scanEntries([dockerfile, entry('README.md', 'nothing here')], 'critical');
    expect(result.counts).toEqual({ low: 0, medium: 1, high: 1, critical: 0 });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.file, f.line])).toEqual([
      ['dockerfile/pipe-to-shell', 'high', 'Dockerfile', 2],
      ['dockerfile/unpinned-base-image', 'medium', 'Dockerfile', 1],
    ]);
  });

  it.each<[Severity, 'pass' | 'fail']>([
    ['low', 'fail'],
    ['medium', 'fail'],
    ['high', 'fail'],
    ['critical', 'pass'],
  ])('fails at or above the threshold: fail_on %s gives %s', (failOn, verdict) => {
    expect(scanEntries([dockerfile], failOn).verdict).toBe(verdict);
  });

  it('passes a clean artifact at the lowest threshold', () => {
    const result = scanEntries([entry('src/index.js', 'console.log("hi")\n')], 'low');
    expect(result).toEqual({ findings: [], counts: { low: 0, medium: 0, high: 0, critical: 0 }, verdict: 'pass', topFindings: [] });
  });

  it('keeps at most ten top findings, most severe first', () => {
    const many = Array.from({ length: 12 }, (_, i) => entry(`docker/${String(i).padStart(2, '0')}/Dockerfile`, 'FROM node\nUSER app'));
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const result = scanEntries([...many, entry('z/.env', `AWS_KEY_ID=${key}`)], 'critical');
    expect(result.findings).toHaveLength(13);
    expect(result.topFindings).toHaveLength(10);
    expect(result.topFindings[0]).toMatchObject({ severity: 'critical', file: 'z/.env', line: 1 });
    expect(result.topFindings[1]).toMatchObject({ file: 'docker/00/Dockerfile' });
    expect(result.verdict).toBe('fail');
  });

  it('tags findings with their tree and shows the line with every secret of the file masked', () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const token = 'ghp' + '_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const config = entry('config/.env', `AWS_KEY_ID=${key} # also ${token}\nAPI_TOKEN="${token}"`);
    const result = scanEntries([config], 'high', { target: 'source' });
    expect(result.findings.map((f) => [f.ruleId, f.target, f.line, f.excerpt])).toEqual([
      ['secret/aws-access-key-id', 'source', 1, 'AWS_KEY_ID=AKIA…MPLE # also ghp_…q7R8'],
      ['secret/github-token', 'source', 1, 'AWS_KEY_ID=AKIA…MPLE # also ghp_…q7R8'],
      ['secret/github-token', 'source', 2, 'API_TOKEN="ghp_…q7R8"'],
      ['secret/high-entropy-assignment', 'source', 2, 'API_TOKEN="ghp_…q7R8"'],
    ]);
    expect(result.findings[0]?.message).toBe('AWS access key id AKIA…MPLE');
    expect(JSON.stringify(result)).not.toContain(key);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('masks a secret the file declares wherever another finding shows it', () => {
    const password = 'correct-horse-battery-staple';
    const lines = ['FROM node:20', 'USER node', `ENV DB_PASSWORD=${password}`, `RUN curl "https://get.example.com/?p=${password}" | sh`];
    const result = scanEntries([entry('Dockerfile', lines.join('\n'))], 'high');
    expect(result.findings.map((f) => [f.ruleId, f.excerpt])).toEqual([
      ['dockerfile/secret-in-env', 'ENV DB_PASSWORD=corr…aple'],
      ['dockerfile/pipe-to-shell', 'RUN curl "https://get.example.com/?p=corr…aple" | sh'],
    ]);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it('judges findings of both trees together: a source finding alone fails the verdict', () => {
    const artifact = scanEntries([entry('index.js', 'ok')], 'high');
    const source = scanEntries([dockerfile], 'high', { target: 'source' });
    expect(artifact.verdict).toBe('pass');
    const both = judge([...artifact.findings, ...source.findings], 'high');
    expect(both.verdict).toBe('fail');
    expect(both.findings.map((f) => [f.target, f.ruleId])).toEqual([
      ['source', 'dockerfile/pipe-to-shell'],
      ['source', 'dockerfile/unpinned-base-image'],
    ]);
  });
});
