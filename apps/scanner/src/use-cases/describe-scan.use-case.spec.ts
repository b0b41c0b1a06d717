import type { Finding } from '../rules';
import { describeScan, REASON_FINDINGS } from './describe-scan.use-case';

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'secret/aws-access-key-id',
  severity: 'critical',
  target: 'artifact',
  file: 'server.js',
  line: 1,
  message: 'AWS access key id AKIA…MPLE',
  excerpt: "const awsKey = 'AKIA…MPLE';",
  ...over,
});

describe('describeScan', () => {
  it('fails with only the findings at or above the threshold, one line each, and logs them as a warning', () => {
    const report = describeScan({
      findings: [finding(), finding({ target: 'source', file: 'Dockerfile', line: 0, ruleId: 'package/missing-lockfile', severity: 'low', message: 'no lockfile' })],
      verdict: 'fail',
      failOn: 'high',
      targets: ['artifact', 'source'],
    });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe(
      '1 finding at or above high in the build output and its source:\n' +
        '- critical secret/aws-access-key-id server.js:1 (artifact): AWS access key id AKIA…MPLE',
    );
    expect(report.log).toEqual({
      level: 'warn',
      message: 'scan failed: 1 finding at or above high in the build output and its source',
      findings: [
        {
          rule: 'secret/aws-access-key-id',
          severity: 'critical',
          target: 'artifact',
          location: 'server.js:1',
          message: 'AWS access key id AKIA…MPLE',
          excerpt: "const awsKey = 'AKIA…MPLE';",
        },
      ],
    });
  });

  it('lists ten findings, counts the rest, and stays within the 4000 characters a reason may have', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding({ file: `${'deep/'.repeat(60)}f${i}.js`, message: 'x'.repeat(500) }));
    const report = describeScan({ findings: many, verdict: 'fail', failOn: 'low', targets: ['artifact', 'source'] });
    const lines = report.reason.split('\n');
    expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(REASON_FINDINGS);
    expect(lines.at(-1)).toBe('… and 30 more; the SARIF report lists every finding.');
    expect(report.reason.length).toBeLessThanOrEqual(4000);
  });

  it('succeeds on a pass, saying what was found below the threshold', () => {
    const report = describeScan({
      findings: [finding({ severity: 'medium' }), finding({ severity: 'low' }), finding({ severity: 'low' })],
      verdict: 'pass',
      failOn: 'high',
      targets: ['artifact', 'source'],
    });
    expect(report).toMatchObject({
      outcome: 'succeeded',
      reason: 'no finding at or above high in the build output and its source; 3 findings below it (1 medium, 2 low)',
      log: { level: 'info' },
    });
  });

  it('says, never silently, when only the artifact was scanned', () => {
    const report = describeScan({ findings: [], verdict: 'pass', failOn: 'high', targets: ['artifact'] });
    expect(report.reason).toBe(
      'no finding at or above high in the artifact; nothing found\n' +
        'Only the artifact was scanned: no source tree came with it (no source_digest in the trigger).',
    );
    expect(report.log.message).toContain('Only the artifact was scanned');
  });
});
