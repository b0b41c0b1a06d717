import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType, QueryVariableBuilder, RowBuilder, ThresholdsConfigBuilder, ThresholdsMode, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard, GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

// The one dashboard builder of the monitoring setup (RED, SLO) and of the CI/CD setup's quality
// dashboard: a dashboard is data (rows of panels of PromQL queries), laid out on Grafana's
// 24-column grid here and built with Grafana's typed foundation SDK.

/** Every panel and query reads this datasource; the provisioning gives Prometheus this uid. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

/** Grafana's grid is 24 columns wide. */
export const GRID_COLUMNS = 24;

export interface QuerySpec {
  readonly expr: string;
  /** Legend template, such as `{{instance}}`. */
  readonly legend?: string;
}

/** A threshold step: the colour from `value` up (`null`: from minus infinity). */
export interface ThresholdStep {
  readonly value: number | null;
  readonly color: string;
}

export interface PanelSpec {
  readonly kind: 'timeseries' | 'stat';
  readonly title: string;
  readonly description?: string;
  /** Grafana unit id: `reqps`, `percentunit`, `s`, `short` … */
  readonly unit?: string;
  /** Columns of the 24-column grid. */
  readonly width: number;
  /** Grid rows (default: 4 for a stat, 8 for a time series). */
  readonly height?: number;
  readonly queries: readonly QuerySpec[];
  readonly thresholds?: readonly ThresholdStep[];
  readonly min?: number;
  readonly max?: number;
  /** Relative time range of this panel only, such as `30d` (a burn-down over the SLO period). */
  readonly timeFrom?: string;
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** A query variable read from Prometheus with `label_values(<selector>, <label>)`. */
export interface VariableSpec {
  readonly name: string;
  readonly label: string;
  /** The series selector whose label values the variable offers (may name earlier variables). */
  readonly selector: string;
  /** The label to read (default: the variable's name). */
  readonly labelName?: string;
}

export interface DashboardSpec {
  /** ≤ 40 characters (Grafana's limit). */
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Default time range, relative to now (default `6h`). */
  readonly range?: string;
  readonly variables?: readonly VariableSpec[];
  readonly rows: readonly RowSpec[];
  /** Links shown on the dashboard (runbooks, related dashboards). */
  readonly links?: readonly { title: string; url: string }[];
}

/** Builds a dashboard from its spec: panels numbered from 1, placed left to right, wrapping at 24 columns. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags([...spec.tags])
    .editable()
    .refresh('30s')
    .time({ from: `now-${spec.range ?? '6h'}`, to: 'now' })
    .timezone('browser');
  if (spec.description) builder.description(spec.description);
  for (const variable of spec.variables ?? []) builder.withVariable(queryVariable(variable));
  for (const link of spec.links ?? []) builder.link(new DashboardLinkBuilder(link.title).type(DashboardLinkType.Link).url(link.url).keepTime(true).icon('dashboard'));
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: GRID_COLUMNS, h: 1 }));
    y += 1;
    const placed = layoutRow(row.panels, y);
    row.panels.forEach((panel, i) => builder.withPanel(panelBuilder(panel, id++, placed.positions[i] as GridPos)));
    y = placed.bottom;
  }
  return builder.build();
}

/** Positions of panels placed left to right from row `top`, wrapping when the next would pass column 24. */
export function layoutRow(panels: readonly PanelSpec[], top: number): { positions: GridPos[]; bottom: number } {
  const positions: GridPos[] = [];
  let [x, y, lineHeight] = [0, top, 0];
  for (const panel of panels) {
    const w = Math.min(Math.max(1, panel.width), GRID_COLUMNS);
    const h = panel.height ?? (panel.kind === 'stat' ? 4 : 8);
    if (x + w > GRID_COLUMNS) [x, y, lineHeight] = [0, y + lineHeight, 0];
    positions.push({ x, y, w, h });
    x += w;
    lineHeight = Math.max(lineHeight, h);
  }
  return { positions, bottom: y + lineHeight };
}

function queryVariable(variable: VariableSpec): QueryVariableBuilder {
  return new QueryVariableBuilder(variable.name)
    .label(variable.label)
    .datasource(PROMETHEUS_DATASOURCE)
    .query(`label_values(${variable.selector}, ${variable.labelName ?? variable.name})`)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+');
}

function panelBuilder(spec: PanelSpec, id: number, gridPos: GridPos): cog.Builder<Panel> {
  const panel = spec.kind === 'stat' ? statPanel() : timeseriesPanel();
  panel.id(id).title(spec.title).datasource(PROMETHEUS_DATASOURCE).gridPos(gridPos);
  spec.queries.forEach((query, i) => panel.withTarget(target(query, i)));
  if (spec.description) panel.description(spec.description);
  if (spec.unit) panel.unit(spec.unit);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.timeFrom) panel.timeFrom(spec.timeFrom);
  if (spec.thresholds) panel.thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(spec.thresholds.map((step) => ({ ...step }))));
  return panel;
}

function statPanel(): stat.PanelBuilder {
  return new stat.PanelBuilder().reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

function timeseriesPanel(): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder().fillOpacity(10).lineWidth(1);
}

function target(query: QuerySpec, index: number): DataqueryBuilder {
  const refId = String.fromCharCode('A'.charCodeAt(0) + index);
  const builder = new DataqueryBuilder().expr(query.expr).refId(refId).datasource(PROMETHEUS_DATASOURCE).range();
  return query.legend ? builder.legendFormat(query.legend) : builder;
}
