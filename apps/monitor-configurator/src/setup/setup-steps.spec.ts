import { tmpdir } from 'node:os';
import type { MonitoringGenerateTriggered } from '@jetway/contracts';
import { packBundle } from './bundle';
import { generateBundle } from './generate-bundle.use-case';
import type { BundleGenerators, BundleStore } from './setup.ports';
import { validateBundle } from './validate-bundle.use-case';

class MemoryStore implements BundleStore {
  readonly objects = new Map<string, Buffer>();
  async put(digest: string, bytes: Buffer): Promise<void> {
    this.objects.set(digest, bytes);
  }
  async get(digest: string): Promise<Buffer> {
    const bytes = this.objects.get(digest);
    if (!bytes) throw new Error(`no ${digest}`);
    return bytes;
  }
}

const ref = { run_id: '01J0000000000000000000000M', step_id: 'generate', attempt: 1 };
const files = [{ path: 'prometheus/rules/shop.yml', content: 'groups: []\n' }];
const counts = { scrape_jobs: 1, probes: 0, recording_rules: 0, alerts: 0, rule_tests: 0, routing_cases: 0, dashboards: 0, runbooks: 0 };
const urls = () => ({ runbooks: 'http://x/runbooks/s/', grafana: 'http://g', alertIngress: 'http://x/alerts/s', blackbox: 'b:1', alertmanager: 'a:1' });

/** Generators whose checks say what the test tells them to, reading the file they were given. */
function generators(checks: Awaited<ReturnType<BundleGenerators['check']>>['checks']): BundleGenerators & { dirs: string[] } {
  const dirs: string[] = [];
  return {
    dirs,
    generate: () => ({ files, counts, generateOnly: false }),
    check: async (dir) => {
      dirs.push(dir);
      return { checks, ruleTestsPassed: 0, routingCasesPassed: 0 };
    },
  };
}

describe('the setup steps', () => {
  it('generate stores the bundle under its digest and says what it holds', async () => {
    const store = new MemoryStore();
    const outputs = await generateBundle({ ...ref, name: 'shop-monitoring' } as MonitoringGenerateTriggered, { generators: generators([]), store, urls });
    expect(outputs).toEqual({ digest: packBundle(files).digest, files: ['prometheus/rules/shop.yml'], counts, generate_only: false });
    expect(store.objects.has(outputs.digest)).toBe(true);
  });

  it('validate fails naming each failed check and its file; nothing applied', async () => {
    const store = new MemoryStore();
    const { digest, bytes } = packBundle(files);
    await store.put(digest, bytes);
    const failing = generators([
      { check: 'promtool check rules', file: 'prometheus/rules/shop.yml', passed: false, detail: 'could not parse expression' },
      { check: 'amtool check-config', file: 'alertmanager/alertmanager.yml', passed: true },
    ]);
    const trigger = { ...ref, step_id: 'validate', name: 'shop-monitoring', digest, monitoring_stack: 'prometheus_grafana' as const };
    const result = await validateBundle(trigger, { generators: failing, store, workRoot: tmpdir() });
    expect(result).toMatchObject({ ok: false, reason: '1 of 2 check(s) failed; nothing was applied. promtool check rules (prometheus/rules/shop.yml): could not parse expression' });
    const none = await validateBundle(trigger, { generators: generators([]), store, workRoot: tmpdir() });
    expect(none).toMatchObject({ ok: false, reason: expect.stringMatching(/^no check ran/) });
  });
});
