import type { RunStatusView } from '@jetway/contracts';

/** Where the stack shows what a monitoring setup set up. */
export interface SetupLinks {
  readonly prometheus: string;
  readonly alertmanager: string;
  /** The alert ingress' base URL (the runbook pages are under it). */
  readonly ingress: string;
  /** The stack directory (each applied setup's bundle is under setups/<setup>/). */
  readonly stackDir: string;
  /** Grafana's URL in docker-compose.yml: `npm start` does not run Grafana. */
  readonly grafana: string;
}

type Outputs = Record<string, unknown>;

function outputsOf(run: RunStatusView, stepId: string): Outputs {
  return run.steps.find((step) => step.step_id === stepId)?.outputs ?? {};
}

function count(outputs: Outputs, key: string): number | undefined {
  const value = outputs[key];
  return typeof value === 'number' ? value : undefined;
}

const of = (done: number | undefined, all: number | undefined) => `${done ?? '?'}${all === undefined ? '' : `/${all}`}`;

/**
 * The closing lines of a monitoring setup run, from its steps' outputs (what `jetway status
 * --json` shows): targets up, rules loaded, rule tests passed, routing cases, then the URLs to
 * look at. A run that did not get as far says which step it stopped at.
 */
export function monitoringSummary(run: RunStatusView, links: SetupLinks): string[] {
  const setup = run.application;
  const generated = outputsOf(run, 'generate');
  const counts = (generated['counts'] ?? {}) as Outputs;
  const validated = outputsOf(run, 'validate');
  const verified = outputsOf(run, 'verify');
  const lines = [
    `monitoring  ${setup} ${run.status}`,
    `            targets up ${of(count(verified, 'targets_up'), count(verified, 'targets_total'))} · ` +
      `rules loaded ${of(count(verified, 'rules_loaded'), undefined)} in ${of(count(verified, 'rule_groups_loaded'), undefined)} groups · ` +
      `rule tests passed ${of(count(validated, 'rule_tests_passed'), count(counts, 'rule_tests'))} · ` +
      `routing cases ${of(count(validated, 'routing_cases_passed'), count(counts, 'routing_cases'))}`,
  ];
  const stopped = run.steps.find((step) => step.status === 'finished' && step.outcome !== 'succeeded') ?? run.steps.find((step) => step.status !== 'finished');
  if (run.status !== 'succeeded' && stopped) lines.push(`            stopped at ${stopped.step_id}: ${stopped.reason ?? stopped.outcome ?? stopped.status}`);
  const dashboards = `${links.stackDir}/setups/${setup}/grafana/dashboards`;
  lines.push(
    `Prometheus  ${links.prometheus}/targets  ${links.prometheus}/alerts`,
    `Alertmanager ${links.alertmanager}`,
    `runbooks    ${links.ingress}/runbooks/${setup}/index.html`,
    `dashboards  ${dashboards} (${of(count(counts, 'dashboards'), undefined)} files); Grafana is not run locally: \`docker compose up\` serves them at ${links.grafana}`,
  );
  return lines;
}
