import { createHash } from 'node:crypto';
import type { Msg, Subscription } from 'nats';
import { ulid } from 'ulid';
import { closeGithubValidators } from '@jetway/ci-validators';
import { INLINE_LOG_BYTES, stepLogObjectName, ValidateFinished, type ValidateTriggered } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadScannerConfig, startScanner } from './index';
import { packFiles } from './use-cases/archive.testing';

const WORKFLOW = 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
const CIRCLECI = 'version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/node:22.11\n    steps: [checkout]\nworkflows:\n  ci:\n    jobs:\n      - test\n';

describe('validate step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  const finished: Msg[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    const logger = new JsonLogger('scanner', {}, 'info', () => undefined);
    handle = await startScanner({ ...loadScannerConfig({}), JETWAY_NATS_URL: nats.url }, { logger });
    sub = handle.mesh.nc.subscribe('jetway.step.validate.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(msg);
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    await closeGithubValidators();
  });

  async function validate(files: Record<string, string>, platforms: ValidateTriggered['platforms']): Promise<ValidateFinished> {
    const bytes = await packFiles(files);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await handle.mesh.artifacts.putBlob({ name: digest.replace(':', '-') }, bytes);
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'validate', attempt: 1, application: 'web', digest, platforms };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.validate.triggered.v1', trigger, { runId, stepId: 'validate', attempt: 1 });
    const msg = await waitFor(() => finished.find((m) => (m.json() as { run_id: string }).run_id === runId), { message: 'step.validate.finished' });
    return ValidateFinished.parse(msg.json());
  }

  /** A report of a few lines travels inline in the finished event: no object is stored for it. */
  async function inlineLogOf(event: ValidateFinished): Promise<string> {
    expect(event.log_object).toBeUndefined();
    expect(await ArtifactObjects.of(handle.mesh).has(stepLogObjectName(event))).toBe(false);
    return event.log ?? '';
  }

  it('finishes succeeded with every verdict as outputs and the report as the step log', async () => {
    const event = await validate({ '.github/workflows/ci.yml': WORKFLOW, '.circleci/config.yml': CIRCLECI, 'README.md': '# generated' }, ['github_actions', 'circleci']);
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs?.results.map((r) => [r.file, r.validator.replace(/ \(.*$/, ''), r.ok])).toEqual([
      ['.circleci/config.yml', 'CircleCI schema', true],
      ['.circleci/config.yml', 'Jetway reference checks', true],
      ['.github/workflows/ci.yml', '@actions/workflow-parser', true],
      ['.github/workflows/ci.yml', 'actionlint', true],
    ]);
    expect(await inlineLogOf(event)).toContain('PASS .github/workflows/ci.yml (github_actions): actionlint');
  });

  it('stores a report over INLINE_LOG_BYTES as the step log object and names it', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`.github/workflows/ci-${String(i).padStart(2, '0')}.yml`, WORKFLOW]));
    const event = await validate(files, ['github_actions']);
    expect(event.outcome).toBe('succeeded');
    expect(event.log).toBeUndefined();
    expect(event.log_object).toBe(stepLogObjectName(event));
    const log = (await ArtifactObjects.of(handle.mesh).getBytes(event.log_object ?? '')).toString();
    expect(Buffer.byteLength(log)).toBeGreaterThan(INLINE_LOG_BYTES);
    expect(log).toContain('PASS .github/workflows/ci-39.yml (github_actions): actionlint');
  });

  it('finishes failed naming file, validator and first findings when one verdict fails', async () => {
    const broken = CIRCLECI.replace('      - test\n', '      - test\n      - deploy:\n          requires: [tset]\n');
    const event = await validate({ '.github/workflows/ci.yml': WORKFLOW, '.circleci/config.yml': broken }, ['github_actions', 'circleci']);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toBe(
      [
        '1 of 4 validator verdicts failed:',
        '- .circleci/config.yml: Jetway reference checks (CircleCI: workflow jobs, requires, executors, commands, orbs)',
        "    line 11: workflow ci: job 'deploy' is not defined in jobs",
        "    line 12: workflow ci: job deploy requires 'tset', which is not a job of this workflow",
      ].join('\n'),
    );
    expect(event.outputs?.results.filter((r) => !r.ok)).toHaveLength(1);
    expect(await inlineLogOf(event)).toContain("FAIL .circleci/config.yml (circleci): Jetway reference checks");
  });
});
