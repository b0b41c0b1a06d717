import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applicationOf, PipelineRequest, type PipelineRequestInput } from '@jetway/contracts';
import { infrastructureRequest, kindRequests, OTHER_KINDS, type KindContext } from './kind-requests';

const ROOT = resolve(__dirname, '../../..');

/** The name a run's pipeline.finished carries as `application` (apps/planner/src/pipelines/<kind>/*.definition.ts). */
function applicationOfRequest(input: PipelineRequestInput): string {
  const request = PipelineRequest.parse(input);
  switch (request.kind) {
    case 'ci_cd_setup':
      return applicationOf(request);
    case 'monitoring_setup':
      return request.name;
    case 'infrastructure':
      return request.stack;
    default:
      return request.application_name;
  }
}

describe('kindRequests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-bench-kinds-'));
  const ctx: KindContext = { root: ROOT, dir, opsTargets: ['127.0.0.1:9461', '127.0.0.1:9462'] };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(OTHER_KINDS)('builds valid %s requests whose finished events the batch prefix matches, one key per run', (kind) => {
    const build = kindRequests(kind, ctx, 'batch', 2);
    const runs = [0, 1].map((i) => build(`bench-kind-x-${i}`, i));
    expect(runs.map((r) => PipelineRequest.parse(r).kind)).toEqual([kind, kind]);
    expect(runs.map((r) => r.idempotency_key)).toEqual(['bench-kind-x-0', 'bench-kind-x-1']);
    expect(runs.map(applicationOfRequest)).toEqual(['bench-kind-x-0', 'bench-kind-x-1']);
  });

  it('gives each CI/CD setup run its own git project', () => {
    const build = kindRequests('ci_cd_setup', ctx, 'own', 2);
    const paths = [0, 1].map((i) => (build(`bench-ci-${i}`, i) as { project_path: string }).project_path);
    expect(new Set(paths).size).toBe(2);
    expect(paths.every((path) => existsSync(join(path, '.git')) && existsSync(join(path, 'package.json')))).toBe(true);
  });

  it('points the monitoring setup at the mesh ops ports and at secret files that exist', () => {
    const request = kindRequests('monitoring_setup', ctx, 'm', 1)('bench-mon-0', 0) as { infrastructure_inventory: { containers: { targets: string[]; probes: string[] }[] }; alerting_channels: { config: Record<string, string> }[] };
    expect(request.infrastructure_inventory.containers[0]).toMatchObject({ targets: ctx.opsTargets, probes: ['http://127.0.0.1:9461/health/ready'] });
    const files = request.alerting_channels.flatMap((c) => [c.config['api_url_file'], c.config['routing_key_file']]).filter((f): f is string => f !== undefined);
    expect(files).toHaveLength(2);
    expect(files.every((file) => readFileSync(file, 'utf8').length > 0)).toBe(true);
  });
});

describe('infrastructureRequest', () => {
  const example = { kind: 'infrastructure', stack: 'hello-messaging', drift: { interval_seconds: 60 }, messaging: { managed_prefix: 'hello', streams: [{ name: 'hello_orders', subjects: ['hello.orders.>'] }], kv: [{ bucket: 'hello_sessions' }], consumers: [{ stream: 'hello_orders', name: 'hello_f', filter_subject: 'hello.orders.placed' }] }, approval: { approvers: [], auto_approve: true } };

  it("renames the stack's streams, subjects and bucket into a prefix no other run's starts with, and drops the drift schedule", () => {
    const one = infrastructureRequest(example, 'bench-kind-i-1') as unknown as typeof example;
    const ten = infrastructureRequest(example, 'bench-kind-i-10') as unknown as typeof example;
    expect(one.messaging).toMatchObject({ managed_prefix: 'bench_kind_i_1_', streams: [{ name: 'bench_kind_i_1_orders', subjects: ['bench_kind_i_1.orders.>'] }], kv: [{ bucket: 'bench_kind_i_1_sessions' }] });
    expect(one.messaging.consumers[0]).toEqual({ stream: 'bench_kind_i_1_orders', name: 'bench_kind_i_1_f', filter_subject: 'bench_kind_i_1.orders.placed' });
    expect(ten.messaging.streams[0]?.name.startsWith(one.messaging.managed_prefix)).toBe(false);
    expect(one).not.toHaveProperty('drift');
  });
});
