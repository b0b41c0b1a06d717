/**
 * Summarises the CPU profiles `npm run bench -- --cpu-prof <dir>` wrote: per process, busy time
 * and the functions and packages with the most self time, inside the measured batch when the
 * bench recorded its window (`solo`: the runs one at a time instead). Usage:
 *   node -r @swc-node/register tools/bench/src/profile-summary.ts <dir> [top] [solo]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile, type CpuProfile, type ProfileEntry, type Window } from './cpu-profile';

const [dir, top = '15', phase] = process.argv.slice(2);
if (!dir || (phase !== undefined && phase !== 'solo')) {
  process.stderr.write('usage: profile-summary.ts <dir with .cpuprofile files> [top] [solo]\n');
  process.exit(2);
}
// The bench writes the measured batch's window (window.json) and the solo runs' (window-solo.json); boot and warm-up are left out then.
const windowFile = join(dir, phase === 'solo' ? 'window-solo.json' : 'window.json');
const window = existsSync(windowFile) ? (JSON.parse(readFileSync(windowFile, 'utf8')) as Window) : undefined;
const names = existsSync(join(dir, 'pids.json')) ? (JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8')) as Record<string, string>) : {};
const line = (e: ProfileEntry) => `  ${e.selfMs.toFixed(0).padStart(7)} ms ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.name}`;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const summary = summarizeProfile(profile, Number(top), window);
  const pid = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file)?.[1] ?? '';
  process.stdout.write(`\n${names[pid] ?? file}: busy ${(summary.busyMs / 1000).toFixed(1)} s of ${(summary.totalMs / 1000).toFixed(1)} s\n`);
  process.stdout.write(` by package:\n${summary.packages.map(line).join('\n')}\n by function:\n${summary.functions.map(line).join('\n')}\n`);
}
