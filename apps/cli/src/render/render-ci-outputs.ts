import type { RunStatusView } from '@jetway/contracts';
import { paint, type RenderOptions } from './style';

type Step = RunStatusView['steps'][number];
type Outputs = Record<string, unknown>;

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

function generated(out: Outputs): string[] {
  const files = list<{ path: string; platform?: string }>(out['files']);
  if (files.length === 0) return [];
  return [`Generated (${files.length} files):`, ...files.map((f) => `  ${f.path}${f.platform ? `  (${f.platform})` : ''}`)];
}

function validated(out: Outputs, opts: RenderOptions): string[] {
  const results = list<{ file: string; validator: string; ok: boolean; findings: { message: string; line?: number }[] }>(out['results']);
  if (results.length === 0) return [];
  return [
    'Validators:',
    ...results.flatMap((r) => [
      `  ${paint(r.ok ? '✓' : '✗', r.ok ? 'green' : 'red', opts)} ${r.file}  ${r.validator}`,
      ...r.findings.slice(0, 5).map((f) => `      ${f.line !== undefined ? `line ${f.line}: ` : ''}${f.message}`),
    ]),
  ];
}

function proven(out: Outputs): string[] {
  const ran = list<{ component: string; phase: string; command: string; exit_code: number }>(out['ran']);
  const coverage = list<{ component: string; percent: number }>(out['coverage']);
  const skipped = list<{ component: string; reason: string }>(out['skipped']);
  return [
    ...(ran.length ? ['Proved:', ...ran.map((r) => `  ${r.component} ${r.phase}: ${r.command} → exit ${r.exit_code}`)] : []),
    ...coverage.map((c) => `  coverage of ${c.component}: ${c.percent.toFixed(1)} %`),
    ...skipped.map((s) => `  skipped ${s.component}: ${s.reason}`),
  ];
}

function published(out: Outputs): string[] {
  if (typeof out['branch'] === 'string') return [`Branch: ${out['branch']}${typeof out['commit'] === 'string' ? ` at ${out['commit'].slice(0, 12)}` : ''}`];
  if (typeof out['patch_file'] === 'string') return [`Patch: ${out['patch_file']} (the project is not a git repository)`];
  return [];
}

/** What a CI/CD setup run's steps produced: the files, every validator's verdict, what the proof ran, the branch. */
export function ciSetupLines(run: RunStatusView, opts: RenderOptions): string[] {
  const byKind = (kind: Step['kind']) => run.steps.find((s) => s.kind === kind)?.outputs ?? {};
  return [...generated(byKind('generate')), ...validated(byKind('validate'), opts), ...proven(byKind('prove')), ...published(byKind('publish'))];
}
