import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledServices, SERVICES, spawnService, stopService, waitReady, type RunningService, type Service, type ServiceCommand } from '@jetway/launcher';

interface Scraped {
  redeliveries: number;
  publishDuplicates: number;
  effectDuplicates: number;
  stepsRecovered: number;
}

const ZERO: Scraped = { redeliveries: 0, publishDuplicates: 0, effectDuplicates: 0, stepsRecovered: 0 };

/**
 * The six services as separate processes (as `npm start` runs them), which the chaos suite
 * SIGKILLs and starts again. Counters are scraped from each incarnation's /metrics while it
 * lives; an incarnation's last scrape is what it contributes (increments in the moments
 * between its last scrape and its death are not seen, so the figures are lower bounds).
 */
export class ServiceFleet {
  private readonly live = new Map<Service, RunningService>();
  private readonly retired: Scraped[] = [];
  private readonly lastScrape = new Map<RunningService, Scraped>();
  readonly kills: Record<string, number> = Object.fromEntries(SERVICES.map((s) => [s, 0]));
  /** Services that exited by themselves (not killed by the suite), with the last line they logged. */
  readonly crashes: string[] = [];
  /** How every incarnation starts: set by startAll() once the services are compiled. */
  private launch?: { command: ServiceCommand; env: NodeJS.ProcessEnv };

  constructor(
    private readonly root: string,
    private readonly stateDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Every incarnation runs the services' JavaScript, compiled once into the state dir. */
  private spawn(name: Service): Promise<RunningService> {
    if (!this.launch) throw new Error('ServiceFleet.startAll() compiles the services first');
    return spawnService(name, this.root, this.stateDir, this.launch.env, this.launch.command);
  }

  /** On any exit of the suite (Ctrl-C included, see main.ts), no service is left behind. */
  private readonly killOnExit = () => {
    for (const service of this.live.values()) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  };

  async startAll(): Promise<void> {
    process.once('exit', this.killOnExit);
    const compiled = await compiledServices(this.root, join(this.stateDir, 'js'));
    this.launch = { command: compiled.command, env: { ...this.env, ...compiled.env } };
    for (const name of SERVICES) this.live.set(name, await this.spawn(name));
    await Promise.all([...this.live.values()].map((s) => waitReady(s)));
  }

  /** SIGKILL, then a fresh process at once (it connects and resumes its durable consumers). */
  async kill(name: Service): Promise<void> {
    const victim = this.live.get(name);
    if (!victim) return;
    await this.scrapeOne(victim);
    if (victim.child.exitCode === null && victim.child.signalCode === null) {
      const exited = new Promise((resolve) => victim.child.once('exit', resolve));
      victim.child.kill('SIGKILL');
      await exited;
    }
    this.retire(victim);
    this.kills[name] = (this.kills[name] ?? 0) + 1;
    this.live.set(name, await this.spawn(name));
  }

  /** Starts again, like a supervisor would, every service that exited without being killed; each is a crash on record. */
  async reviveCrashed(): Promise<void> {
    for (const [name, service] of this.live) {
      if (service.child.exitCode === null && service.child.signalCode === null) continue;
      this.crashes.push(`${name} exited (${service.child.exitCode ?? service.child.signalCode}): ${lastLine(service.logFile)}`);
      this.retire(service);
      this.live.set(name, await this.spawn(name));
    }
  }

  async scrape(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => this.scrapeOne(s)));
  }

  totals(): Scraped {
    return [...this.retired, ...this.lastScrape.values()].reduce(
      (sum, s) => ({
        redeliveries: sum.redeliveries + s.redeliveries,
        publishDuplicates: sum.publishDuplicates + s.publishDuplicates,
        effectDuplicates: sum.effectDuplicates + s.effectDuplicates,
        stepsRecovered: sum.stepsRecovered + s.stepsRecovered,
      }),
      ZERO,
    );
  }

  /** Waits until every service answers ready (after the last kill). */
  async ready(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => waitReady(s)));
  }

  async stopAll(): Promise<void> {
    await this.scrape();
    await Promise.all([...this.live.values()].map((s) => stopService(s)));
    process.removeListener('exit', this.killOnExit);
  }

  private retire(service: RunningService): void {
    this.retired.push(this.lastScrape.get(service) ?? ZERO);
    this.lastScrape.delete(service);
  }

  private async scrapeOne(service: RunningService): Promise<void> {
    const text = await fetch(`http://127.0.0.1:${service.opsPort}/metrics`, { signal: AbortSignal.timeout(1_000) })
      .then((r) => (r.ok ? r.text() : undefined))
      .catch(() => undefined);
    if (text === undefined) return; // booting or dying: keep the last figures
    this.lastScrape.set(service, {
      redeliveries: sumOf(text, 'jetway_redeliveries_total'),
      publishDuplicates: sumOf(text, 'jetway_duplicates_dropped_total', 'kind="publish"'),
      effectDuplicates: sumOf(text, 'jetway_duplicates_dropped_total', 'kind="effect"'),
      stepsRecovered: sumOf(text, 'jetway_steps_recovered_total'),
    });
  }
}

function lastLine(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').at(-1)?.slice(0, 300) ?? '';
  } catch {
    return '(no log)';
  }
}

/** Sums the samples of a Prometheus text-format metric (optionally only those with a label). */
export function sumOf(text: string, metric: string, label?: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (label && !line.includes(label)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}
