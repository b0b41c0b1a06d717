import type { Severity } from '@jetway/contracts';
import type { ArchiveEntry } from './read-archive.use-case';
import { scanEntries } from './scan-entries.use-case';

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
});
