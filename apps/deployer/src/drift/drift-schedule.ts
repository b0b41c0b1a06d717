import type { EnvironmentType } from '@jetway/contracts';
import type { AppliedStack, StackRecords } from './drift.ports';

export interface DriftScheduleOptions {
  readonly records: StackRecords;
  /** Runs one check (runDriftCheck); its rejection goes to `onError`, the timer keeps running. */
  readonly check: (record: AppliedStack) => Promise<unknown>;
  readonly onError: (message: string, fields: Record<string, unknown>) => void;
  /**
   * How often the records are read again: a stack applied (or its schedule changed) since is
   * scheduled then. Default 30 s.
   */
  readonly refreshMs?: number;
}

interface Timer {
  readonly handle: NodeJS.Timeout;
  readonly intervalSeconds: number;
  running: boolean;
}

const DEFAULT_REFRESH_MS = 30_000;

/**
 * One timer per applied stack and environment whose spec has `drift.interval_seconds`, firing a
 * check at that interval. The timers live in this deployer only; they come back from the records
 * when a deployer starts (`start`), and follow the records as runs apply stacks (`refresh`). A
 * check still running when its next tick comes is not started twice.
 */
export class DriftSchedule {
  private readonly timers = new Map<string, Timer>();
  private refresher: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DriftScheduleOptions) {}

  /** Schedules from the records now, then reads them again every `refreshMs`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.refresher = setInterval(() => void this.refresh(), this.options.refreshMs ?? DEFAULT_REFRESH_MS).unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.refresher) clearInterval(this.refresher);
    for (const timer of this.timers.values()) clearInterval(timer.handle);
    this.timers.clear();
  }

  /** `<stack>.<env>` → interval in seconds, of every timer running. */
  scheduled(): ReadonlyMap<string, number> {
    return new Map([...this.timers].map(([key, timer]) => [key, timer.intervalSeconds]));
  }

  /** Adds, changes and removes timers so there is one per record with a drift schedule. Never rejects. */
  async refresh(): Promise<void> {
    let records: AppliedStack[];
    try {
      records = await this.options.records.list();
    } catch (error) {
      this.options.onError(`cannot read the applied stacks to schedule drift checks: ${messageOf(error)}`, {});
      return;
    }
    if (this.stopped) return;
    const wanted = new Map(records.flatMap((r) => (r.spec.drift ? [[keyOf(r.stack, r.environment), { record: r, seconds: r.spec.drift.interval_seconds }] as const] : [])));
    for (const [key, timer] of this.timers) {
      if (wanted.get(key)?.seconds === timer.intervalSeconds) continue;
      clearInterval(timer.handle);
      this.timers.delete(key);
    }
    for (const [key, { record, seconds }] of wanted) {
      if (!this.timers.has(key)) this.timers.set(key, this.timerFor(record.stack, record.environment, seconds));
    }
  }

  private timerFor(stack: string, environment: EnvironmentType, seconds: number): Timer {
    const timer: Timer = { handle: setInterval(() => void this.tick(stack, environment, timer), seconds * 1000).unref(), intervalSeconds: seconds, running: false };
    return timer;
  }

  /** Checks the stack's latest record (a run may have applied a new one since the timer started). */
  private async tick(stack: string, environment: EnvironmentType, timer: Timer): Promise<void> {
    if (timer.running || this.stopped) return;
    timer.running = true;
    try {
      const record = await this.options.records.get(stack, environment);
      if (record) await this.options.check(record);
    } catch (error) {
      this.options.onError(`the scheduled drift check of ${stack} in ${environment} failed: ${messageOf(error)}`, { stack, environment });
    } finally {
      timer.running = false;
    }
  }
}

function keyOf(stack: string, environment: string): string {
  return `${stack}.${environment}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
