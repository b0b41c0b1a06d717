import { parseYaml } from './merge-prometheus';
import { list, mapping, rebase, rebaseFileKeys, sameValue, type AppliedSetup } from './stack-layout';
import { StackMergeError } from './stack.errors';

/** The stack's root receiver: alerts that belong to no setup go nowhere. */
export const UNROUTED_RECEIVER = 'jetway-unrouted';

/**
 * A setup's receiver (and time interval) under its stack name, unique across setups. The webhook
 * URLs keep the generated `<alertIngress>/<receiver>` path, so the ingress still sees the setup's own name.
 */
export function stackReceiverName(setup: string, receiver: string): string {
  return `${setup}/${receiver}`;
}

/** The matcher of a setup's child route, and the scope added to its inhibition rules. */
export function setupMatcher(setup: string): string {
  return `setup="${setup}"`;
}

interface ParsedSetup {
  readonly setup: string;
  readonly where: string;
  readonly config: Record<string, unknown>;
}

/**
 * The stack's alertmanager.yml: one child route per setup (matcher `setup="<name>"`) holding that
 * setup's route tree, the setups' receivers and time intervals renamed `<setup>/<name>`, their
 * inhibition rules scoped to the setup, their `global` settings merged (a conflict is refused).
 */
export function mergeAlertmanager(setups: readonly AppliedSetup[]): Record<string, unknown> {
  const parsed = setups.flatMap(({ setup, configs }): ParsedSetup[] => {
    if (configs.alertmanager === undefined) return [];
    const where = `setups/${setup}/alertmanager/alertmanager.yml`;
    const raw = mapping(parseYaml(configs.alertmanager, where), where);
    return [{ setup, where, config: mapping(rebaseFileKeys(raw, (path) => rebase(setup, 'alertmanager', path)), where) }];
  });
  return nonEmpty({
    global: mergeGlobals(parsed),
    route: { receiver: UNROUTED_RECEIVER, routes: parsed.map(setupRoute) },
    inhibit_rules: parsed.flatMap(scopedInhibitRules),
    receivers: [{ name: UNROUTED_RECEIVER }, ...parsed.flatMap(renamed('receivers'))],
    time_intervals: parsed.flatMap(renamed('time_intervals')),
    mute_time_intervals: parsed.flatMap(renamed('mute_time_intervals')),
    templates: parsed.flatMap((p) => list(p.config['templates'], `${p.where} templates`).map((file) => rebase(p.setup, 'alertmanager', String(file)))),
  });
}

function mergeGlobals(parsed: readonly ParsedSetup[]): Record<string, unknown> {
  const merged: Record<string, { value: unknown; setup: string }> = {};
  for (const { setup, where, config } of parsed) {
    for (const [key, value] of Object.entries(mapping(config['global'], `${where} global`))) {
      const before = merged[key];
      if (before && !sameValue(before.value, value)) {
        throw new StackMergeError(`${where}: global ${key} differs from setup ${before.setup}'s; the stack's Alertmanager has one global section`);
      }
      merged[key] = { value, setup };
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([key, { value }]) => [key, value]));
}

function setupRoute({ setup, where, config }: ParsedSetup): Record<string, unknown> {
  const route = mapping(config['route'], `${where} route`);
  if (typeof route['receiver'] !== 'string') throw new StackMergeError(`${where}: route.receiver is missing`);
  return { ...renameRoute(setup, route), matchers: [setupMatcher(setup)], continue: false };
}

function renameRoute(setup: string, route: Record<string, unknown>): Record<string, unknown> {
  const names = (key: string) => list(route[key], key).map((name) => stackReceiverName(setup, String(name)));
  return nonEmpty({
    ...route,
    receiver: typeof route['receiver'] === 'string' ? stackReceiverName(setup, route['receiver']) : undefined,
    mute_time_intervals: names('mute_time_intervals'),
    active_time_intervals: names('active_time_intervals'),
    routes: list(route['routes'], 'routes').map((child) => renameRoute(setup, mapping(child, 'routes'))),
  });
}

function scopedInhibitRules({ setup, where, config }: ParsedSetup): Record<string, unknown>[] {
  return list(config['inhibit_rules'], `${where} inhibit_rules`).map((item, index) => {
    const rule = mapping(item, `${where} inhibit_rules[${index}]`);
    const scoped = (key: string) => [...list(rule[key], `${where} inhibit_rules[${index}].${key}`), setupMatcher(setup)];
    return { ...rule, source_matchers: scoped('source_matchers'), target_matchers: scoped('target_matchers') };
  });
}

function renamed(key: 'receivers' | 'time_intervals' | 'mute_time_intervals') {
  return ({ setup, where, config }: ParsedSetup): Record<string, unknown>[] =>
    list(config[key], `${where} ${key}`).map((item, index) => {
      const entry = mapping(item, `${where} ${key}[${index}]`);
      if (typeof entry['name'] !== 'string') throw new StackMergeError(`${where} ${key}[${index}]: name is missing`);
      return { ...entry, name: stackReceiverName(setup, entry['name']) };
    });
}

/** Drops keys whose value is undefined, an empty list or an empty mapping (Alertmanager's defaults). */
function nonEmpty(values: Record<string, unknown>): Record<string, unknown> {
  const empty = (value: unknown) =>
    value === undefined || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === 'object' && Object.keys(value).length === 0);
  return Object.fromEntries(Object.entries(values).filter(([, value]) => !empty(value)));
}
