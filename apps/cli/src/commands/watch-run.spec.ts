import type { RolloutProgressed, RunStatusView } from '@jetway/contracts';
import type { JetwayClient } from '../client/jetway-client';
import { watchRun } from './watch-run';

const RUN = '01J0000000000000000000000W';
const paused: RolloutProgressed = {
  run_id: RUN,
  step_id: 'deploy-staging',
  attempt: 1,
  application: 'hello',
  environment: 'staging',
  strategy: 'canary',
  sequence: 2,
  phase: 'paused',
  weight: 25,
  stage: 1,
  message: 'paused at 25 %',
  at: '2026-11-30T00:00:00Z',
} as RolloutProgressed;
const view: RunStatusView = { run_id: RUN, application: 'hello', status: 'succeeded', created_at: 'now', urls: {}, approvers: ['alice'], steps: [] };

describe('watchRun', () => {
  it('holds progress that arrives before the first status, so a pause names the run’s approver', async () => {
    const client: Pick<JetwayClient, 'watch' | 'followProgress'> = {
      followProgress: (_run, onProgress) => {
        onProgress(paused);
        return () => undefined;
      },
      watch: async (_run, onChange) => {
        onChange(view);
        return view;
      },
    };
    const out: string[] = [];
    await watchRun(client, RUN, { out: (t) => out.push(t) }, { color: false }, { summary: false });
    expect(out.join('')).toContain(`promote: jetway promote ${RUN} --as alice`);
  });

  it('lines up the live step lines when a kind is longer than the default column (infrastructure steps)', async () => {
    const step = (step_id: string, kind: string, environment?: string) =>
      ({ step_id, kind, ...(environment && { environment }), status: 'finished', outcome: 'succeeded', attempt: 1, depends_on: [] }) as unknown as RunStatusView['steps'][number];
    const infra: RunStatusView = { ...view, steps: [step('generate', 'infra-generate'), step('plan-staging', 'infra-plan', 'staging'), step('review-staging', 'approval', 'staging')] };
    const client: Pick<JetwayClient, 'watch' | 'followProgress'> = {
      followProgress: () => () => undefined,
      watch: async (_run, onChange) => {
        onChange(infra);
        return infra;
      },
    };
    const out: string[] = [];
    await watchRun(client, RUN, { out: (t) => out.push(t) }, { color: false }, { summary: false });
    const lines = out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const stateColumn = lines.map((line) => line.indexOf('succeeded'));
    expect(new Set(stateColumn).size).toBe(1);
    expect(lines[0]).toMatch(/^✓ generate {11}infra-generate - {11}succeeded/);
  });
});
