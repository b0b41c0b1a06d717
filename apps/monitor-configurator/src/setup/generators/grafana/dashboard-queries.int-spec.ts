import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { grafanaFiles } from './grafana-files';
import { substituteVariables } from './template-variables';
import type { TemplateVariable } from './template-variables';
import { TEST_URLS, twoItemInput, writeBundle } from './two-items.testing';

// A second opinion on the dashboards' queries from Prometheus's own promtool: it also refuses what
// parses but cannot evaluate (a rate over an instant vector, a function with the wrong arguments).

const run = promisify(execFile);

async function promtool(): Promise<string> {
  for (const bin of [process.env['PROMTOOL'], '/usr/bin/promtool', 'promtool']) {
    if (!bin) continue;
    const found = await run(bin, ['--version']).then(() => bin, () => undefined);
    if (found) return found;
  }
  throw new Error('promtool not found: apt-get install prometheus (Debian), or set PROMTOOL to its path');
}

describe('generated dashboard queries', () => {
  it('are valid rule expressions for promtool once Grafana variables are substituted', async () => {
    const bin = await promtool();
    const files = grafanaFiles(twoItemInput(), TEST_URLS).filter((f) => f.path.endsWith('.json'));
    const rules = files.flatMap((file, i) => {
      const d = JSON.parse(file.content) as { templating: { list: TemplateVariable[] }; panels: { targets?: { expr: string }[] }[] };
      return d.panels.flatMap((p) => p.targets ?? []).map((t, j) => ({ record: `dashboard:query_${i}_${j}`, expr: substituteVariables(t.expr, d.templating.list).query }));
    });
    expect(rules.length).toBeGreaterThan(20);
    const dir = await writeBundle([]);
    try {
      const path = join(dir, 'queries.yml');
      await writeFile(path, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
      const { stdout } = await run(bin, ['check', 'rules', path]);
      expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(await readFile(path, 'utf8')).not.toContain('$');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
