import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Proposed fixes in code this tool must not edit (libs/messaging, apps/planner), or a part taken
 * out to measure its share of a run (monitor-unchecked), measured by patching the bench's own
 * precompiled copy (--experiment …). The repository is never touched; a patch that no longer
 * matches fails loudly instead of measuring nothing.
 */
export interface Experiment {
  /** Compiled file under the precompiled tree. */
  file: string;
  find: RegExp;
  replace: string;
  what: string;
}

export const EXPERIMENTS: Record<string, Experiment> = {
  'no-async-traces': {
    file: 'libs/messaging/src/mesh.js',
    find: /waitOnFirstConnect: true/,
    replace: 'waitOnFirstConnect: true, noAsyncTraces: true',
    what: 'Mesh.connect with noAsyncTraces: nats.js stops capturing a stack (new Error) for every request and publish ack',
  },
  'kv-trusted-writes': {
    file: 'libs/messaging/src/kv-store.js',
    find: /this\.toJson\(value\)/,
    replace: 'JSON.stringify(value)',
    what: 'KvStore writes the typed value without parsing it again, whole or in parts (reads still validate)',
  },
  'parallel-emits': {
    file: 'apps/planner/src/use-cases/run-coordinator.use-case.js',
    find: /for \(const emit of emits\)\s*await this\.ports\.events\.publish\(run\.run_id, emit\);/,
    replace: 'await Promise.all(emits.map((emit) => this.ports.events.publish(run.run_id, emit)));',
    what: "planner publishes a transition's events together instead of one after another",
  },
  'noop-verify': {
    file: 'apps/deployer/src/handlers/deploy.handler.js',
    find: /digest\n?\s*\}, _local\.httpGetAnswer\)/,
    replace: "digest }, async () => ({ status: 200, release: `${digest.replace(/^sha256:/, '').slice(0, 12)}-noop` }))",
    what: "verify's health GETs answer 200 from the release under verification without HTTP, as NoopHealthProbe does for deploys: the cost of verify's GETs through the router",
  },
  'monitor-unchecked': {
    file: 'apps/monitor-configurator/src/release/monitor-release.use-case.js',
    find: /deps\.passed\.check\(digest, \(\)=>deps\.testedRules\.once\(ruleBehaviour\(release\), digest, checkIn\)\)/,
    replace: 'deps.passed.check(digest, ()=>Promise.resolve({ refused: undefined }))',
    what: "the monitor step skips the formats' own checks of a release's bundle (promtool, amtool, the blackbox exporter, the dashboard parser: no program run, no scratch copy; the bundle is still written once, where it is put in place), so the run's cost without them shows; never a setting of the service",
  },
  'publish-unvalidated': {
    file: 'libs/messaging/src/publisher.js',
    find: /const parsed = _contracts\.events\[subject\]\.schema\.safeParse\(payload\);/,
    replace: 'const parsed = { success: true, data: payload };',
    what: 'EventPublisher skips re-validating what it publishes (consumers still validate on receipt): the cost of send-side validation',
  },
};

/** `source` with the experiment's patch applied; throws when the code it patches has changed. */
export function patchSource(source: string, name: string, experiment: Experiment): string {
  if (!experiment.find.test(source)) throw new Error(`experiment ${name}: ${experiment.file} no longer contains ${experiment.find}; update tools/bench/src/experiments.ts`);
  return source.replace(experiment.find, experiment.replace);
}

export function applyExperiments(outDir: string, names: readonly string[]): void {
  for (const name of names) {
    const experiment = EXPERIMENTS[name];
    if (!experiment) throw new Error(`unknown experiment ${name}; choose from ${Object.keys(EXPERIMENTS).join(', ')}`);
    const path = join(outDir, experiment.file);
    writeFileSync(path, patchSource(readFileSync(path, 'utf8'), name, experiment));
  }
}
