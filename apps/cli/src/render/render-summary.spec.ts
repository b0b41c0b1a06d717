import type { RunStatusView } from '@jetway/contracts';
import { renderSummary } from './render-summary';
import { renderStepLine, type StepView } from './render-step-line';
import { formatDuration } from './style';

const now = new Date('2025-01-02T03:10:00Z');
const plain = { color: false, now };

const run: RunStatusView = {
  run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8',
  application: 'shop',
  status: 'failed',
  reason: 'deploy-production rolled back: error rate 12%',
  created_at: '2025-01-02T03:00:00Z',
  finished_at: '2025-01-02T03:01:02Z',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  digest: `sha256:${'a'.repeat(64)}`,
  urls: { staging: 'http://127.0.0.1:8080/shop/staging' },
  approvers: ['alice'],
  steps: [
    { step_id: 'build', kind: 'build', status: 'finished', outcome: 'succeeded', started_at: '2025-01-02T03:00:00Z', finished_at: '2025-01-02T03:00:04.100Z' },
    { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', status: 'finished', outcome: 'succeeded', started_at: '2025-01-02T03:00:05Z', finished_at: '2025-01-02T03:00:05.850Z' },
    {
      step_id: 'deploy-production',
      kind: 'deploy',
      environment: 'production',
      status: 'finished',
      outcome: 'rolled_back',
      reason: 'error rate 12%',
      started_at: '2025-01-02T03:00:10Z',
      finished_at: '2025-01-02T03:01:02Z',
    },
  ],
};

describe('renderSummary', () => {
  const text = renderSummary(run, plain);
  const lines = text.split('\n');

  it('starts with the run, its status, duration and reason', () => {
    expect(lines[0]).toBe('Run 01J9Z8X7W6V5T4S3R2Q1P0N9M8  shop  failed after 1m 02s');
    expect(text).toContain('Reason: deploy-production rolled back: error rate 12%');
    expect(text).toContain(`Artifact: sha256:${'a'.repeat(64)}`);
  });

  it('draws an aligned table of steps with state and duration', () => {
    const header = lines.find((l) => l.includes('STEP')) ?? '';
    const rows = lines.filter((l) => /^[✓✗↺!·…?-] /.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^✓ build\s+build\s+-\s+succeeded\s+4\.1s$/);
    expect(rows[1]).toMatch(/^✓ deploy-staging\s+deploy\s+staging\s+succeeded\s+850ms$/);
    expect(rows[2]).toMatch(/^↺ deploy-production\s+deploy\s+production\s+rolled back\s+52\.0s\s+— error rate 12%$/);
    const at = (title: string) => header.indexOf(title);
    rows.forEach((row, i) => {
      const step = run.steps[i];
      expect(row.slice(at('KIND')).startsWith(`${step?.kind} `)).toBe(true);
      expect(row.slice(at('ENV')).startsWith(`${step?.environment ?? '-'} `)).toBe(true);
      expect(row.slice(at('STATE')).startsWith(`${step?.outcome?.replace('_', ' ')} `)).toBe(true);
    });
  });

  it('lists URLs, the trace id (from traceparent) and the approvers', () => {
    expect(text).toContain('URLs:\n  staging  http://127.0.0.1:8080/shop/staging');
    expect(text).toContain('Trace: 4bf92f3577b34da6a3ce929d0e0e4736');
    expect(text).toContain('Approvers: alice');
  });

  it("lists the planner's notes last, and nothing when there are none", () => {
    const noted = renderSummary({ ...run, notes: ['bob may not decide approve-production (allowed: alice)'] }, plain);
    expect(noted.endsWith('Notes:\n  bob may not decide approve-production (allowed: alice)')).toBe(true);
    expect(text).not.toContain('Notes:');
  });

  it('writes no escape codes without colour, and colours the status with it', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderSummary(run, { color: true, now })).toContain('\u001b[31mfailed\u001b[0m');
  });

  it('shows a running run and its running step against now', () => {
    const running: RunStatusView = {
      ...run,
      status: 'running',
      reason: undefined,
      finished_at: undefined,
      urls: {},
      approvers: [],
      traceparent: undefined,
      trace_id: 'abc',
      steps: [{ step_id: 'build', kind: 'build', status: 'running', started_at: '2025-01-02T03:09:30Z' }],
    };
    const out = renderSummary(running, plain);
    expect(out.split('\n')[0]).toBe('Run 01J9Z8X7W6V5T4S3R2Q1P0N9M8  shop  running for 10m 00s');
    expect(out).toMatch(/… build\s+build\s+-\s+running\s+30\.0s\+/);
    expect(out).not.toContain('URLs:');
    expect(out).toContain('Trace: abc');
  });

  it('says when no steps are planned yet', () => {
    expect(renderSummary({ ...run, steps: [] }, plain)).toContain('(no steps planned yet)');
  });
});

describe('renderStepLine', () => {
  const pending: StepView = { step_id: 'approve-production', kind: 'approval', environment: 'production', status: 'waiting_approval' };

  it('renders an unfinished step with its status and no duration', () => {
    expect(renderStepLine(pending, plain)).toMatch(/^\? approve-production\s+approval\s+production\s+waiting approval\s+-$/);
  });

  it('colours the mark and the state when asked', () => {
    expect(renderStepLine(pending, { color: true, now })).toContain('\u001b[33m?\u001b[0m');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [999, '999ms'],
    [4_100, '4.1s'],
    [62_000, '1m 02s'],
    [3_720_000, '1h 02m'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
