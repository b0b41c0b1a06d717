// Grafana's layout rules for a dashboard's panels, as tools/check-deploy.sh has checked
// deploy/grafana's dashboards: every panel fits the 24-column grid, and no two panels share a
// grid cell (Grafana would stack them on top of each other). A row's own panels (a collapsed
// row keeps them inside) are checked among themselves.

/** The part of a dashboard panel the layout reads. */
export interface LaidOutPanel {
  readonly id?: unknown;
  readonly title?: unknown;
  readonly type?: unknown;
  readonly gridPos?: { readonly x?: unknown; readonly y?: unknown; readonly w?: unknown; readonly h?: unknown };
  readonly panels?: unknown;
}

interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Each layout problem of `panels`, in words naming the panel and its position; empty when the layout is sound. */
export function panelLayoutProblems(panels: readonly LaidOutPanel[]): string[] {
  const problems: string[] = [];
  for (const panel of panels) {
    if (!cell(panel)) problems.push(`${where(panel)} is not a valid position on the 24-column grid`);
    if (panel.type === 'row' && Array.isArray(panel.panels)) problems.push(...panelLayoutProblems(panel.panels as LaidOutPanel[]));
  }
  panels.forEach((a, i) =>
    panels.slice(i + 1).forEach((b) => {
      const [p, q] = [cell(a), cell(b)];
      if (p && q && p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h) problems.push(`${where(a)} overlaps ${where(b)}`);
    }),
  );
  return problems;
}

function cell(panel: LaidOutPanel): Cell | undefined {
  const g = panel.gridPos;
  if (!g) return undefined;
  const { x, y, w, h } = g;
  if (![x, y, w, h].every(Number.isInteger)) return undefined;
  const c = { x, y, w, h } as Cell;
  return c.x >= 0 && c.y >= 0 && c.w >= 1 && c.h >= 1 && c.x + c.w <= 24 ? c : undefined;
}

function where(panel: LaidOutPanel): string {
  return `panel ${String(panel.id)} "${String(panel.title)}" ${JSON.stringify(panel.gridPos)}`;
}
