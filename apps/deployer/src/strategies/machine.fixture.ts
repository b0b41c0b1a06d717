import { RolloutSpec } from '@jetway/contracts';
import { sideOf } from './release-label';
import { analysisResult } from './rollout.fakes';
import type { Command, RolloutEvent, RolloutMachine, RolloutState, Transition } from './rollout.types';

// Test support for the machines' pure specs: a state to start from, events by name, and a drive
// through a list of events that checks each effect the machine asked for on the way.

const SPEC = { replicas: 2, run: { command: 'node server.js', port_env: 'PORT', env: {} }, health_check: { path: '/health', initial_delay: 0, interval: 1, timeout: 1, success_threshold: 1, failure_threshold: 3 } };
export const NEW = sideOf(`sha256:${'b'.repeat(64)}`, SPEC);
export const OLD = sideOf(`sha256:${'a'.repeat(64)}`, SPEC);

export function stateFor(strategy: RolloutState['strategy'], phase: RolloutState['phase'], rollout: Record<string, unknown> = {}, changes: Partial<RolloutState> = {}): RolloutState {
  return {
    run_id: '01J00000000000000000000000', step_id: 'deploy-production', attempt: 1, application: 'shop', environment: 'production', strategy,
    rollout: RolloutSpec.parse(rollout), release: NEW, stable: OLD, phase, stage: 0, weight: 0, fresh: [], old: ['127.0.0.1:9000', '127.0.0.1:9001'],
    sequence: 0, since: 0, command_revision: 0, ...changes,
  };
}

export const ev = {
  started: (): RolloutEvent => ({ kind: 'started', targets: ['127.0.0.1:9100', '127.0.0.1:9101'] }),
  routed: (): RolloutEvent => ({ kind: 'routed' }),
  retired: (): RolloutEvent => ({ kind: 'retired' }),
  waited: (): RolloutEvent => ({ kind: 'waited' }),
  deadline: (): RolloutEvent => ({ kind: 'deadline' }),
  pass: (): RolloutEvent => ({ kind: 'analysed', result: analysisResult('pass') }),
  fail: (): RolloutEvent => ({ kind: 'analysed', result: analysisResult('fail') }),
  inconclusive: (): RolloutEvent => ({ kind: 'analysed', result: analysisResult('inconclusive') }),
  promote: (by = 'alice'): RolloutEvent => ({ kind: 'command', command: { command: 'promote', by } satisfies Command }),
  abort: (by = 'alice', comment?: string): RolloutEvent => ({ kind: 'command', command: { command: 'abort', by, ...(comment ? { comment } : {}) } }),
};

export interface Drive {
  readonly state: RolloutState;
  /** `<effect kind>` asked for before each event, then the final one. */
  readonly effects: string[];
  /** `<phase>@<weight>` of each progress note. */
  readonly progress: string[];
  readonly transitions: Transition[];
}

/** Feeds the events one after another, one second apart, recording what the machine asked for and said. */
export function drive(machine: RolloutMachine, start: RolloutState, events: readonly RolloutEvent[]): Drive {
  let state = start;
  const effects: string[] = [];
  const progress: string[] = [];
  const transitions: Transition[] = [];
  events.forEach((event, i) => {
    effects.push(effectName(machine, state));
    const t = machine.apply(state, event, (i + 1) * 1_000);
    transitions.push(t);
    if (t.progress) progress.push(`${t.progress.phase}@${t.state.weight}`);
    state = t.state;
  });
  effects.push(effectName(machine, state));
  return { state, effects, progress, transitions };
}

function effectName(machine: RolloutMachine, state: RolloutState): string {
  const effect = machine.decide(state);
  if (effect.kind === 'route') return `route:${effect.route.stable}${effect.route.canary !== undefined ? `+canary${effect.route.canary}` : ''}${effect.route.preview ? '+preview' : ''}`;
  if (effect.kind === 'retire') return `retire:${effect.which}`;
  if (effect.kind === 'finish') return `finish:${effect.end.outcome}`;
  if (effect.kind === 'wait') return effect.untilMs === undefined ? 'wait' : `wait:${effect.untilMs}`;
  return effect.kind;
}
