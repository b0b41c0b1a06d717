import { Environment, type InfraVerifyTriggered, type InfrastructureSpec } from '@jetway/contracts';
import type { InfraDeps } from './infra.ports';

export interface InfraCheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail?: string;
}

export interface InfraVerifyResult {
  readonly passed: boolean;
  readonly checks: InfraCheckResult[];
  /** What was checked (and, when only the applied configuration could be, that nothing else was). */
  readonly reason: string;
  /** Whether the `verified` attestation was written (development, staging, production; not dr). */
  readonly attested: boolean;
}

/** How long one smoke test may take. */
const SMOKE_TIMEOUT_MS = 10_000;

/**
 * infra-verify: the stack environment runs this run's configuration (its stack record names the
 * digest), the declared JetStream objects deliver (a probe published and consumed through each),
 * and each smoke test answers its status. All passing writes the `verified` attestation for
 * (environment, digest), which the planner's production gate reads.
 */
export async function verifyInfra(trigger: InfraVerifyTriggered, deps: InfraDeps): Promise<InfraVerifyResult> {
  const checks: InfraCheckResult[] = [await appliedCheck(trigger, deps)];
  if (trigger.spec.messaging) {
    const report = await deps.messaging.verify(trigger.spec.messaging);
    for (const probe of report.checks) checks.push({ name: `jetstream ${probe.stream} via ${probe.consumer}`, passed: probe.delivered, detail: `${probe.subject}: ${probe.detail}` });
    if (report.leftovers.length > 0) checks.push({ name: 'jetstream probe clean-up', passed: true, detail: `left behind: ${report.leftovers.join('; ')}`.slice(0, 2000) });
  }
  for (const test of trigger.spec.smoke_tests) checks.push(await smokeCheck(test, deps));
  const failed = checks.filter((c) => !c.passed);
  const passed = failed.length === 0;
  const attested = passed && (await attest(trigger, deps));
  return { passed, checks, attested, reason: reasonOf(trigger.spec, checks, failed, attested) };
}

async function appliedCheck(trigger: InfraVerifyTriggered, deps: InfraDeps): Promise<InfraCheckResult> {
  const record = await deps.store.stack(trigger.stack, trigger.environment);
  const name = 'applied configuration';
  if (!record) return { name, passed: false, detail: `${trigger.stack}/${trigger.environment} has no applied configuration: infra-apply did not record one` };
  if (record.digest !== trigger.digest) return { name, passed: false, detail: `${trigger.stack}/${trigger.environment} runs ${record.digest} (run ${record.run_id}), not ${trigger.digest}` };
  return { name, passed: true, detail: `plan ${record.plan_hash} of ${record.digest} applied at ${record.applied_at} (changelog #${record.sequence})` };
}

async function smokeCheck(test: InfrastructureSpec['smoke_tests'][number], deps: InfraDeps): Promise<InfraCheckResult> {
  const name = `smoke ${test.name}`;
  try {
    const status = await deps.get(test.url, SMOKE_TIMEOUT_MS);
    return { name, passed: status === test.expect_status, detail: `GET ${test.url} answered ${status}, expected ${test.expect_status}` };
  } catch (error) {
    return { name, passed: false, detail: `GET ${test.url} failed: ${(error as Error).message}` };
  }
}

async function attest(trigger: InfraVerifyTriggered, deps: InfraDeps): Promise<boolean> {
  const environment = Environment.safeParse(trigger.environment);
  if (!environment.success) return false;
  const { digest, run_id, stack } = trigger;
  await deps.attestations.recordVerified({ kind: 'verified', digest, environment: environment.data, url: `infra:${stack}`, run_id, at: deps.now().toISOString() });
  return true;
}

function reasonOf(spec: InfrastructureSpec, checks: InfraCheckResult[], failed: InfraCheckResult[], attested: boolean): string {
  if (failed.length > 0) return `${failed.length} of ${checks.length} checks failed: ${failed.map((c) => `${c.name} (${c.detail ?? 'failed'})`).join('; ')}`;
  const probes = checks.filter((c) => c.name.startsWith('jetstream ') && c.name !== 'jetstream probe clean-up').length;
  const smoke = spec.smoke_tests.length;
  const attestation = attested ? '; verified attestation written' : '; no attestation (dr has none)';
  if (probes === 0 && smoke === 0) {
    return `nothing could be checked beyond the applied configuration: the stack declares no messaging and no smoke_tests — add smoke_tests to check it runs${attestation}`;
  }
  return `checked: the applied configuration, ${probes} JetStream probe(s), ${smoke} smoke test(s)${attestation}`;
}
