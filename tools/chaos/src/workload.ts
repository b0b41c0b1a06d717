import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeploymentRequest, type RunOutcome } from '@jetway/contracts';

/**
 * What the chaos suite deploys: a healthy release to staging and production, a release whose
 * health check fails (no previous release: the run fails), and one that ships a cloud key (the
 * scan step fails with its findings: nothing is deployed).
 */
export const VARIANTS = ['healthy', 'broken', 'leaky'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface PlannedRun {
  readonly index: number;
  readonly variant: Variant;
  readonly application: string;
  readonly request: DeploymentRequest;
  /** The outcome the run must end with, kills or not. */
  readonly expected: RunOutcome;
  /** Processes the deployer must start for it: replicas per environment deployed. */
  readonly expectedStarts: number;
  /**
   * PagerDuty events the notifier must send for it: a resolve per environment a healthy release
   * reached; none for a failure, which stops in staging and only production pages by default.
   */
  readonly expectedPagerDutyEvents: number;
}

const FIXTURE_APP = join(__dirname, 'fixture-app');
const REPLICAS = 2;

/** One source directory per variant under `dir` (each builds to its own digest). */
export function prepareSources(dir: string): Record<Variant, string> {
  const sources = {} as Record<Variant, string>;
  for (const variant of VARIANTS) {
    const target = join(dir, 'sources', variant);
    mkdirSync(target, { recursive: true });
    cpSync(FIXTURE_APP, target, { recursive: true });
    const server = join(target, 'server.js');
    const source = readFileSync(server, 'utf8');
    if (variant === 'broken') writeFileSync(server, source.replace("'use strict';", "'use strict';\nprocess.env.HEALTH_FAIL = '1';"));
    // Split so that this file itself does not trip secret scanners.
    if (variant === 'leaky') writeFileSync(server, source.replace("'use strict';", `'use strict';\nconst awsKey = '${['AKIA', 'Q3ZT7WLM', '2XKD9PRB'].join('')}';`));
    sources[variant] = target;
  }
  return sources;
}

/** The `index`-th run of a chaos session: variants in turn, one application per run. */
export function planRun(index: number, session: string, sources: Record<Variant, string>, startsFile: string): PlannedRun {
  const variant = VARIANTS[index % VARIANTS.length] as Variant;
  const application = `chaos-${variant}-${String(index).padStart(4, '0')}`;
  const environments = variant === 'healthy' ? (['staging', 'production'] as const) : (['staging'] as const);
  const request = DeploymentRequest.parse({
    kind: 'deployment',
    idempotency_key: `chaos-${session}-${index}`,
    requested_by: 'chaos',
    application_name: application,
    artifact_source: { type: 'directory', location: sources[variant] },
    build: { command: 'mkdir -p dist && cp server.js package.json dist/', output: 'dist' },
    target_environments: [...environments],
    platform_config: {
      replicas: REPLICAS,
      run: { command: 'node server.js', env: { CHAOS_APP: application, CHAOS_STARTS_FILE: startsFile } },
      // Generous: on two busy cores (services restarting all the time) node can take seconds to listen.
      health_check: { interval: 0.5, initial_delay: 0.5, success_threshold: 1, failure_threshold: 12 },
    },
    approval: { approvers: ['chaos'], auto_approve: true },
  });
  return {
    index,
    variant,
    application,
    request,
    expected: variant === 'healthy' ? 'succeeded' : 'failed',
    expectedStarts: variant === 'leaky' ? 0 : REPLICAS * environments.length,
    expectedPagerDutyEvents: variant === 'healthy' ? environments.length : 0,
  };
}
