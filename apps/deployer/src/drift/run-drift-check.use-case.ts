import { StaleRevisionError } from '@jetway/messaging';
import { checkStack } from './check-stack';
import { decideDrift, type DriftCheck, type DriftCheckResult } from './drift-episode';
import type { AppliedStack, DriftEvents, DriftProbe, DriftStates, StackRecords } from './drift.ports';

export interface DriftCheckDeps {
  readonly probes: readonly DriftProbe[];
  readonly states: DriftStates;
  readonly events: DriftEvents;
  readonly now: () => Date;
  /** Who holds the stack environment's lock: a run planning or applying it is changing it on purpose. */
  readonly holder: StackRecords['holder'];
  /**
   * Runs checks of one key (`<stack>.<env>`) one after another: a scheduled check and a
   * `jetway drift` of the same stack never decide from the same state twice.
   */
  readonly serial: <T>(key: string, task: () => Promise<T>) => Promise<T>;
}

/** Another deployer wrote the same state meanwhile: decide again from what it wrote (the check itself stands). */
const CAS_ATTEMPTS = 3;

/**
 * Checks one applied stack now: re-plan, decide the episode, publish its event (if the status
 * changed), store the state. The event goes out before the state is stored: a crash in between
 * decides the same again next time, and the repeat carries the same event id (acted on once).
 */
export async function runDriftCheck(record: AppliedStack, deps: DriftCheckDeps): Promise<DriftCheckResult> {
  return deps.serial(`${record.stack}.${record.environment}`, async () => {
    // Mid-apply the stack is neither the old configuration nor the new: that is no drift, and it
    // is not checked until the run lets go (its own plan is what reviews the difference).
    const run = await deps.holder(record.stack, record.environment);
    const check: DriftCheck = run ? { status: 'unknown', why: `run ${run} holds ${record.stack} in ${record.environment} (planning or applying it): checked once it lets go` } : await checkStack(record, deps.probes);
    return settleCheck(record, check, deps);
  });
}

async function settleCheck(record: AppliedStack, check: DriftCheck, deps: DriftCheckDeps): Promise<DriftCheckResult> {
  const facts = { stack: record.stack, environment: record.environment, appliedByRun: record.run_id, checkedAt: deps.now().toISOString() };
  for (let attempt = 1; ; attempt++) {
    const previous = await deps.states.read(record.stack, record.environment);
    const decision = decideDrift(previous?.value, check, facts);
    if (decision.publish) await deps.events.publish(decision.publish);
    try {
      // Written at every check that ran (its time too): the last check of a stack is always on record.
      if (decision.state) await deps.states.write(decision.state, previous?.revision);
      return decision.result;
    } catch (error) {
      if (!(error instanceof StaleRevisionError) || attempt >= CAS_ATTEMPTS) throw error;
    }
  }
}
