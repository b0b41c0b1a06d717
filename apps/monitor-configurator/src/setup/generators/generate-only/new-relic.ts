import type { BundleFile, SetupInput } from '../../bundle.types';
import { alertIntents, generateOnlyReadme, thresholds } from './alert-intents';
import type { AlertIntent, Thresholds } from './alert-intents';

// New Relic alerts as NerdGraph mutation variables: one policy per routing receiver
// (`alertsPolicyCreate`'s `policy`), one static NRQL condition per alert
// (`alertsNrqlConditionStaticCreate`'s `condition`), and which channels each policy must notify
// (a workflow per policy, created once the destinations exist in New Relic).

export const NEW_RELIC_DIR = 'new_relic';
export const newRelicPolicyPath = (receiver: string) => `${NEW_RELIC_DIR}/policies/${receiver}.json`;
export const newRelicConditionPath = (id: string) => `${NEW_RELIC_DIR}/conditions/${id}.json`;
export const NEW_RELIC_NOTIFICATIONS = `${NEW_RELIC_DIR}/notifications.json`;

/** NerdGraph's `AlertsPolicyInput`. */
export interface AlertsPolicyInput {
  name: string;
  incidentPreference: 'PER_POLICY' | 'PER_CONDITION' | 'PER_CONDITION_AND_TARGET';
}

/** NerdGraph's `AlertsNrqlConditionTermsInput`. */
export interface AlertsNrqlConditionTermsInput {
  operator: 'ABOVE' | 'ABOVE_OR_EQUALS' | 'BELOW' | 'BELOW_OR_EQUALS' | 'EQUALS' | 'NOT_EQUALS';
  priority: 'CRITICAL' | 'WARNING';
  threshold: number;
  thresholdDuration: number;
  thresholdOccurrences: 'ALL' | 'AT_LEAST_ONCE';
}

/** NerdGraph's `AlertsNrqlConditionStaticInput` (the fields Jetway sets). */
export interface AlertsNrqlConditionStaticInput {
  name: string;
  enabled: boolean;
  description: string;
  nrql: { query: string };
  signal: { aggregationWindow: number; aggregationMethod: 'EVENT_FLOW' | 'EVENT_TIMER' | 'CADENCE'; aggregationDelay: number };
  terms: AlertsNrqlConditionTermsInput[];
  violationTimeLimitSeconds: number;
  expiration?: { closeViolationsOnExpiration: boolean; openViolationOnExpiration: boolean; expirationDuration: number };
}

/** A condition file: the mutation's variables, with the policy it belongs in named (its id is New Relic's). */
export interface ConditionFile {
  policy: string;
  condition: AlertsNrqlConditionStaticInput;
}

export function newRelicFiles(input: SetupInput): BundleFile[] {
  const t = thresholds(input);
  const intents = alertIntents(input);
  const receivers = [...new Set(intents.map((i) => i.receiver))];
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const policyName = (receiver: string) => `${input.name} ${receiver}`;
  const policies = receivers.map((receiver) => ({ path: newRelicPolicyPath(receiver), content: json({ policy: { name: policyName(receiver), incidentPreference: 'PER_CONDITION_AND_TARGET' } satisfies AlertsPolicyInput }) }));
  const conditions = intents.map((intent) => ({ path: newRelicConditionPath(intent.id), content: json({ policy: policyName(intent.receiver), condition: condition(intent, input.name, t) } satisfies ConditionFile) }));
  const notifications = receivers.map((receiver) => ({
    policy: policyName(receiver),
    channels: (intents.find((i) => i.receiver === receiver)?.channels ?? []).map((c) => ({ name: c.name, type: c.type })),
  }));
  const readme = generateOnlyReadme(
    'New Relic',
    [
      'For each file under policies/: run NerdGraph\'s `alertsPolicyCreate(accountId, policy)` with its `policy`.',
      'For each file under conditions/: run `alertsNrqlConditionStaticCreate(accountId, policyId, condition)` with the id of the policy it names.',
      'notifications.json: create a destination per channel and a workflow per policy filtered on that policy\'s id.',
    ],
    'Checked by Jetway against the NerdGraph input types as New Relic documents them (required fields, enum values, numbers). No New Relic tool, schema or NRQL parser is available offline, so neither the inputs nor the NRQL queries were validated by New Relic\'s own means.',
  );
  return [...policies, ...conditions, { path: NEW_RELIC_NOTIFICATIONS, content: json({ policies: notifications }) }, { path: `${NEW_RELIC_DIR}/README.md`, content: readme }];
}

function condition(intent: AlertIntent, setup: string, t: Thresholds): AlertsNrqlConditionStaticInput {
  const base = { name: `[${setup}] ${intent.title}`, enabled: true, description: `Team ${intent.item.team}, ${intent.item.tier}, ${intent.severity}.`, violationTimeLimitSeconds: 86400 };
  const signal = { aggregationWindow: 60, aggregationMethod: 'EVENT_FLOW' as const, aggregationDelay: 120 };
  const term = (operator: AlertsNrqlConditionTermsInput['operator'], threshold: number): AlertsNrqlConditionTermsInput => ({ operator, priority: 'CRITICAL', threshold, thresholdDuration: 300, thresholdOccurrences: 'ALL' });
  const app = `'${intent.item.name}'`;
  if (intent.kind === 'availability') {
    // Probed URLs from synthetic checks, scraped targets from Prometheus's `up` (remote write).
    const query = intent.item.probes.length > 0 && intent.item.targets.length === 0
      ? `SELECT percentage(count(*), WHERE result = 'SUCCESS') FROM SyntheticCheck WHERE monitorName = ${app}`
      : `SELECT min(up) FROM Metric WHERE service = ${app} FACET instance`;
    const threshold = query.includes('percentage') ? 100 : 1;
    return { ...base, nrql: { query }, signal, terms: [term('BELOW', threshold)], expiration: { closeViolationsOnExpiration: false, openViolationOnExpiration: true, expirationDuration: 600 } };
  }
  if (intent.kind === 'latency') {
    return { ...base, nrql: { query: `SELECT percentile(duration, 99) FROM Transaction WHERE appName = ${app}` }, signal, terms: [term('ABOVE', t.latencySeconds)] };
  }
  return { ...base, nrql: { query: `SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = ${app}` }, signal, terms: [term('ABOVE', t.errorPercent)] };
}
