import type { AlertSeverity } from '../../bundle.types';
import { decimal, type Decimal, minus, shift, text, times, toNumber } from './decimal';

/** The SLO period: budgets are spent over 30 days (Sloth's and the SRE workbook's default). */
export const SLO_PERIOD = '30d';
export const SLO_PERIOD_DAYS = 30;

/** Every window an SLI error ratio is recorded over (each burn alert reads two of them). */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

/** What the SLO rules read: a request counter labelled with the HTTP status `code`, and a latency histogram in seconds. */
export const REQUESTS_METRIC = 'http_requests_total';
export const DURATION_METRIC = 'http_request_duration_seconds';
/** The requests that spend the error budget: server errors. */
export const ERROR_CODES = '5..';

export const sliErrorRecord = (window: SliWindow | typeof SLO_PERIOD) => `slo:sli_error:ratio_rate${window}`;

/**
 * Minimum-traffic guard: a burn (or error-rate, or latency) alert fires only when its short
 * window saw at least this many requests. Without it one failed request out of two is a 50 %
 * error ratio and pages someone at 3 a.m.; with it a near-idle service waits for enough requests
 * for the ratio to mean something (10 in the 5m window is two requests a minute).
 */
export const MIN_REQUESTS_IN_SHORT_WINDOW = 10;

/** One row of the multiwindow table: both windows must burn faster than `factor` × the budget. */
export interface BurnWindow {
  readonly long: SliWindow;
  readonly short: SliWindow;
  /** How many times faster than "exactly the budget over the period" the budget burns. */
  readonly factor: number;
  /** What burning at `factor` for the long window spends. */
  readonly budgetSpent: string;
}

export interface BurnAlert {
  readonly alertname: string;
  readonly severity: AlertSeverity;
  readonly windows: readonly BurnWindow[];
}

/**
 * Sloth's multiwindow multi-burn-rate alerts (the SRE workbook, "Alerting on SLOs", table 5-8):
 * the page alert fires when 1h and 5m burn above 14.4× or 6h and 30m above 6×; the ticket alert
 * when 1d and 2h burn above 3× or 3d and 6h above 1×. The long window says it matters, the short
 * one that it is still happening (so the alert resolves soon after the burn stops).
 */
export const BURN_ALERTS: readonly BurnAlert[] = [
  {
    alertname: 'ErrorBudgetBurnFast',
    severity: 'page',
    windows: [
      { long: '1h', short: '5m', factor: 14.4, budgetSpent: '2 % of the 30-day error budget in 1 hour' },
      { long: '6h', short: '30m', factor: 6, budgetSpent: '5 % of the 30-day error budget in 6 hours' },
    ],
  },
  {
    alertname: 'ErrorBudgetBurnSlow',
    severity: 'ticket',
    windows: [
      { long: '1d', short: '2h', factor: 3, budgetSpent: '10 % of the 30-day error budget in 1 day' },
      { long: '3d', short: '6h', factor: 1, budgetSpent: '10 % of the 30-day error budget in 3 days' },
    ],
  },
];

/** A row of the table with the threshold the rules compare the error ratio against. */
export interface BurnThreshold extends BurnWindow {
  readonly alertname: string;
  readonly severity: AlertSeverity;
  /** `factor × budget`, as a number (for assertions). */
  readonly threshold: number;
  /** `factor × budget`, exactly as written in the rule (`0.0144`). */
  readonly thresholdText: string;
}

/** The objective as a ratio: 99.9 (percent) → 0.999, exactly. */
export function objectiveRatio(availabilityPercent: number): Decimal {
  return shift(decimal(availabilityPercent), 2);
}

/** The error budget as a ratio: 99.9 (percent) → 0.001, exactly. */
export function errorBudget(availabilityPercent: number): Decimal {
  return shift(minus(decimal(100), decimal(availabilityPercent)), 2);
}

/** The burn table of one objective: every row of BURN_ALERTS with its exact threshold. */
export function burnTable(availabilityPercent: number): BurnThreshold[] {
  const budget = errorBudget(availabilityPercent);
  return BURN_ALERTS.flatMap((alert) =>
    alert.windows.map((row) => {
      const threshold = times(decimal(row.factor), budget);
      return { ...row, alertname: alert.alertname, severity: alert.severity, threshold: toNumber(threshold), thresholdText: text(threshold) };
    }),
  );
}
