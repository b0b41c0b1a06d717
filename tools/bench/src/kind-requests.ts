import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PipelineRequest, type PipelineRequestInput } from '@jetway/contracts';
import { fillPlaceholders } from '@jetway/launcher';
import { createCiFixture } from '@jetway/testing';

/** The pipeline kinds besides `deployment` the bench measures, one line each. */
export const OTHER_KINDS = ['ci_cd_setup', 'monitoring_setup', 'infrastructure'] as const;
export type OtherKind = (typeof OTHER_KINDS)[number];

/** The launcher's example request of each kind (tools/launcher/src/examples.ts): the bench runs the same payloads. */
export const KIND_EXAMPLES: Record<OtherKind, string> = {
  ci_cd_setup: 'examples/pipelines/ci-setup-example.yaml',
  monitoring_setup: 'examples/pipelines/hello-monitoring.yaml',
  infrastructure: 'examples/pipelines/hello-infrastructure.yaml',
};

/**
 * Run `index` of a batch: its idempotency key, and the name its `pipeline.finished` carries as
 * `application` (the deployment's application_name, the setup's name, the stack), which starts
 * with the batch's prefix.
 */
export type RequestBuilder = (key: string, index: number) => PipelineRequestInput;

export interface KindContext {
  /** The repository root (example paths are relative to it). */
  readonly root: string;
  /** Where the bench writes what the requests point at (projects, secret files). */
  readonly dir: string;
  /** `host:port` of the mesh's own ops ports: they serve /metrics (the metric contract) and /health/ready. */
  readonly opsTargets: readonly string[];
}

type Example = Record<string, unknown>;

function loadExample(root: string, kind: OtherKind): Example {
  return parseYaml(readFileSync(join(root, KIND_EXAMPLES[kind]), 'utf8')) as Example;
}

/**
 * The requests of one batch of `kind`, `runs` of them: the launcher's example with each run's
 * key and name. Prepares what they need first (a git project per CI/CD run, the alert channels'
 * secret files), so none of that falls into the measured window.
 */
export function kindRequests(kind: OtherKind, ctx: KindContext, tag: string, runs: number): RequestBuilder {
  const example = loadExample(ctx.root, kind);
  const build = builderOf(kind, example, ctx, tag, runs);
  // The publisher refuses an invalid request mid-batch; say what is wrong before anything is published.
  const sample = PipelineRequest.safeParse(build(`bench-check-${tag}-0`, 0));
  if (!sample.success) throw new Error(`the request built from ${KIND_EXAMPLES[kind]} is invalid: ${sample.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return build;
}

function builderOf(kind: OtherKind, example: Example, ctx: KindContext, tag: string, runs: number): RequestBuilder {
  switch (kind) {
    case 'ci_cd_setup':
      return ciSetupRequests(example, ctx, tag, runs);
    case 'monitoring_setup':
      return monitoringRequests(example, ctx);
    case 'infrastructure':
      return (key) => infrastructureRequest(example, key);
  }
}

/**
 * ci-setup-example.yaml on the launcher's small Node project (a git repository), one copy per
 * run: each run publishes a branch into its project, and runs sharing one repository would
 * contend for git's index lock rather than measure the pipeline.
 */
function ciSetupRequests(example: Example, ctx: KindContext, tag: string, runs: number): RequestBuilder {
  const projects = Array.from({ length: runs }, (_, i) => createCiFixture('node-app', { git: true, dir: join(ctx.dir, 'ci', `${tag}-${i}`) }).path);
  return (key, index) => ({ ...example, idempotency_key: key, requested_by: 'bench', application_name: key, project_path: projects[index] ?? '' }) as PipelineRequestInput;
}

/**
 * hello-monitoring.yaml filled in as the launcher fills it, with the mesh's own services for both
 * the "hello" containers and Jetway (no application is deployed: the bench's deployer is no-op).
 * Without a monitoring stack configured, the bundle is generated, validated and written, not applied.
 */
function monitoringRequests(example: Example, ctx: KindContext): RequestBuilder {
  const secrets = join(ctx.dir, 'secrets');
  mkdirSync(secrets, { recursive: true });
  const slack = join(secrets, 'slack-api-url');
  const pagerduty = join(secrets, 'pagerduty-routing-key');
  writeFileSync(slack, 'http://127.0.0.1:9/services/bench\n', { mode: 0o600 });
  writeFileSync(pagerduty, 'bench-routing-key\n', { mode: 0o600 });
  const filled = fillPlaceholders(example, {
    HELLO_TARGETS: ctx.opsTargets,
    HELLO_URL: `http://${ctx.opsTargets[0] ?? '127.0.0.1:9'}/health/ready`,
    JETWAY_TARGETS: ctx.opsTargets,
    SLACK_API_URL_FILE: slack,
    PAGERDUTY_ROUTING_KEY_FILE: pagerduty,
  }) as Example;
  return (key) => ({ ...filled, idempotency_key: key, requested_by: 'bench', name: key }) as PipelineRequestInput;
}

/**
 * hello-infrastructure.yaml (messaging infrastructure, planned and applied on the mesh's own
 * nats-server) as stack `key`, its streams, consumer and bucket renamed into a prefix of the run's
 * own: a run owns what starts with its prefix, so runs sharing one would plan to delete each
 * other's. Without the drift schedule: re-planning every stack each minute would load the lines after.
 */
export function infrastructureRequest(example: Example, key: string): PipelineRequestInput {
  const own = `${key.replace(/-/g, '_')}_`;
  const old = String((example['messaging'] as { managed_prefix?: string } | undefined)?.managed_prefix ?? '');
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return value.startsWith(`${old}_`) || value.startsWith(`${old}.`) ? own.slice(0, -1) + value.slice(old.length) : value;
    if (Array.isArray(value)) return value.map(rename);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  const { drift: _drift, ...rest } = example;
  const messaging = { ...(rename(example['messaging']) as Example), managed_prefix: own };
  return { ...rest, idempotency_key: key, requested_by: 'bench', stack: key, messaging } as PipelineRequestInput;
}
