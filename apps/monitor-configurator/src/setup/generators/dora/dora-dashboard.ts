import { DASHBOARD_UID, type SetupInput } from '../../bundle.types';
import type { DashboardSpec, PanelSpec, ThresholdStep } from '../grafana';
import { DORA_SERIES, DORA_WINDOWS, type DoraWindow } from './dora-rules';

// The DORA dashboard of a setup: the four keys of each application its Jetway meshes deploy,
// read from the recording rules of dora-rules.ts, coloured by the DORA report's performance bands.

const DAY = 86_400;

/** Elite from the last step up (deployment frequency: at least daily; weekly; monthly; less). */
const FREQUENCY_BANDS: ThresholdStep[] = [
  { value: null, color: 'red' },
  { value: 1 / 30, color: 'orange' },
  { value: 1 / 7, color: 'yellow' },
  { value: 1, color: 'green' },
];
/** Lead time: under a day; a week; a month; more. */
const LEAD_TIME_BANDS: ThresholdStep[] = [
  { value: null, color: 'green' },
  { value: DAY, color: 'yellow' },
  { value: 7 * DAY, color: 'orange' },
  { value: 30 * DAY, color: 'red' },
];
/** Change failure rate: up to 15 %; above; from 46 % the low band. */
const FAILURE_BANDS: ThresholdStep[] = [
  { value: null, color: 'green' },
  { value: 0.15, color: 'orange' },
  { value: 0.46, color: 'red' },
];
/** Time to restore: under an hour; a day; a week; more. */
const RESTORE_BANDS: ThresholdStep[] = [
  { value: null, color: 'green' },
  { value: 3600, color: 'yellow' },
  { value: DAY, color: 'orange' },
  { value: 7 * DAY, color: 'red' },
];

/** The DORA dashboard of the setup `input` names. */
export function doraDashboardSpec(input: Pick<SetupInput, 'name'>): DashboardSpec {
  const setup = `setup=${JSON.stringify(input.name)}`;
  const series = (name: string) => `${name}{${setup}, service=~"$service", application=~"$application"}`;
  return {
    uid: DASHBOARD_UID.dora(input.name),
    title: `${input.name}: DORA four keys`,
    description: `Deployment frequency, lead time for changes, change failure rate and time to restore of the applications Jetway deploys, from its own counters (monitoring setup ${input.name}).`,
    tags: ['jetway', 'dora', `setup:${input.name}`],
    range: '30d',
    variables: [
      { name: 'service', label: 'Jetway mesh', selector: `${DORA_SERIES.evaluating}{${setup}}` },
      { name: 'application', label: 'Application', selector: `${DORA_SERIES.deploymentsSum}{${setup}, service=~"$service"}` },
    ],
    rows: [...DORA_WINDOWS.map((days) => keysRow(series, days)), { title: 'Over time', panels: trendPanels(series) }],
  };
}

function keysRow(series: (name: string) => string, days: DoraWindow) {
  const legend = '{{application}}';
  const panels: PanelSpec[] = [
    { kind: 'stat', title: 'Deployment frequency', description: `Successful production deployments per day, over ${days} days.`, unit: 'short', width: 6, queries: [{ expr: series(DORA_SERIES.deploymentFrequency(days)), legend }], thresholds: FREQUENCY_BANDS },
    { kind: 'stat', title: 'Lead time for changes', description: `Median time from request to production, over ${days} days.`, unit: 's', width: 6, queries: [{ expr: series(DORA_SERIES.leadTime(days)), legend }], thresholds: LEAD_TIME_BANDS },
    { kind: 'stat', title: 'Change failure rate', description: `Production deployments that failed or were rolled back, over ${days} days.`, unit: 'percentunit', width: 6, min: 0, max: 1, queries: [{ expr: series(DORA_SERIES.changeFailureRate(days)), legend }], thresholds: FAILURE_BANDS },
    { kind: 'stat', title: 'Time to restore', description: `Median time from a failed production deployment to the next successful one, over ${days} days.`, unit: 's', width: 6, queries: [{ expr: series(DORA_SERIES.timeToRestore(days)), legend }], thresholds: RESTORE_BANDS },
  ];
  return { title: `Four keys, last ${days} days`, panels };
}

function trendPanels(series: (name: string) => string): PanelSpec[] {
  const legend = '{{application}}';
  return [
    { kind: 'timeseries', title: 'Successful production deployments, last 24 hours', unit: 'short', width: 12, min: 0, queries: [{ expr: series(DORA_SERIES.deploymentsLastDay), legend }] },
    { kind: 'timeseries', title: 'Production failing for', description: 'Time since the first failed production deployment not yet followed by a successful one.', unit: 's', width: 12, min: 0, queries: [{ expr: `time() - ${series(DORA_SERIES.failingSince)}`, legend }] },
    { kind: 'timeseries', title: 'Change failure rate (7 days)', unit: 'percentunit', width: 12, min: 0, max: 1, queries: [{ expr: series(DORA_SERIES.changeFailureRate(7)), legend }] },
    {
      kind: 'timeseries',
      title: 'Lead time and time to restore (7-day medians)',
      unit: 's',
      width: 12,
      min: 0,
      queries: [
        { expr: series(DORA_SERIES.leadTime(7)), legend: '{{application}} lead time' },
        { expr: series(DORA_SERIES.timeToRestore(7)), legend: '{{application}} time to restore' },
      ],
    },
  ];
}
