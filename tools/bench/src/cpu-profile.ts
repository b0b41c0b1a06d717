/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
  /** Microseconds on the monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime). */
  startTime: number;
}

/** A stretch of the monotonic clock in microseconds, e.g. one measured batch. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time the process was not idle. */
  busyMs: number;
  totalMs: number;
  /** Self time per function (`name file:line`), largest first. */
  functions: ProfileEntry[];
  /** Self time per package (`node_modules/<pkg>`), project folder (`libs/messaging`) or V8/Node bucket. */
  packages: ProfileEntry[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** `/x/node_modules/@nestjs/core/a.js` → `@nestjs/core`; `/x/libs/messaging/src/a.ts` → `libs/messaging`. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1] ?? url;
  if (url.startsWith('node:')) return 'node: (runtime)';
  const project = /\/((?:apps|libs|tools)\/[^/]+|contracts)\//.exec(url);
  return project?.[1] ?? url;
}

function ranked(totals: Map<string, number>, busyMs: number, limit: number): ProfileEntry[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, selfMs]) => ({ name, selfMs, share: busyMs ? selfMs / busyMs : 0 }));
}

/** Self time (sampled) per function and per package, idle time excluded; only inside `window` when given. */
export function summarizeProfile(profile: CpuProfile, limit = 20, window?: Window): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busyMs = 0;
  let totalMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const ms = delta / 1000;
    totalMs += ms;
    const frame = byId.get(id);
    if (!frame || IDLE.has(frame.functionName)) return;
    busyMs += ms;
    const file = frame.url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^file:\/\//, '').replace(/^.*?\/((?:apps|libs|tools|contracts)\/)/, '$1');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  });
  return { busyMs, totalMs, functions: ranked(functions, busyMs, limit), packages: ranked(packages, busyMs, limit) };
}
