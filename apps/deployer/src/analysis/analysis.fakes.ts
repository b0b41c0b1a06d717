import type { AnalysisProvider, MetricsWindow } from '../use-cases/analysis.port';
import type { AnalysisClock } from './clock';

/** A clock that jumps to the time asked for: a whole analysis runs without waiting. */
export class JumpingClock implements AnalysisClock {
  constructor(public nowMs: number) {}

  now(): number {
    return this.nowMs;
  }

  async sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.nowMs = Math.max(this.nowMs, epochMs);
  }
}

/** One scripted answer: a window, or an error the provider rejects with. */
export type Scripted = MetricsWindow | Error;

/** A provider answering from a script per release (the last answer repeats), recording what it was asked. */
export class ScriptedProvider implements AnalysisProvider {
  readonly asked: { release: string; sinceMs: number; untilMs: number }[] = [];

  constructor(
    private readonly script: Record<string, readonly Scripted[]>,
    readonly name: 'router' | 'prometheus' = 'router',
  ) {}

  async measure(query: { release: string; sinceMs: number; untilMs: number }): Promise<MetricsWindow> {
    const answers = this.script[query.release] ?? [];
    const answer = answers[this.asked.filter((q) => q.release === query.release).length] ?? answers.at(-1);
    this.asked.push({ release: query.release, sinceMs: query.sinceMs, untilMs: query.untilMs });
    if (answer === undefined) throw new Error(`no script for release ${query.release}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
