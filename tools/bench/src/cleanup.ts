/**
 * Everything the bench started, stopped in reverse order exactly once: at the end, on an error,
 * or on Ctrl-C / SIGTERM (the services run in their own process groups and never see the
 * terminal's signal, so this is what stops them).
 */
export class Cleanup {
  private readonly steps: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  private running: Promise<void> | undefined;

  defer(name: string, stop: () => Promise<unknown>): void {
    this.steps.push({ name, stop });
  }

  /** Stops everything registered so far (last first); a failing step does not keep the others from stopping. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        await step.stop().catch((error: Error) => process.stderr.write(`bench: stopping ${step.name}: ${error.message}\n`));
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: stop everything, then exit 130/143. */
  onSignals(): void {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        process.stderr.write(`\nbench: ${signal}, stopping what it started…\n`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
