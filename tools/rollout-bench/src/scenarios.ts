import type { Environment } from '@jetway/contracts';
import type { ProcessRouter } from '@jetway/deployer';

/** A steady load: `concurrency` workers, each at most `qps` requests per second, for `seconds`. */
export interface Load {
  readonly seconds: number;
  readonly concurrency: number;
  readonly qps: number;
}

/** A hello-service instance the bench started (`node examples/hello-service/server.js`). */
export interface BenchInstance {
  readonly target: string;
  readonly version: string;
}

/** What a scenario works with: the router process and instances of the example service. */
export interface BenchContext {
  readonly router: ProcessRouter;
  readonly application: string;
  readonly environment: Environment;
  /** The instance the direct row measured; the stable route of every scenario at its start. */
  readonly baseline: BenchInstance;
  /** Starts another instance (healthy when it resolves); the bench stops it at the end. */
  startInstance(version: string): Promise<BenchInstance>;
}

/**
 * A router row after the direct one: hey sends the same load through the router's stable URL
 * while `during` sets routes by hand (it gets an AbortSignal that fires when the load ends).
 * Before each scenario the route is the baseline instance alone. The real strategies, run by
 * the deployer, are rows of their own: see rollouts.ts.
 */
export interface Scenario {
  readonly name: string;
  readonly during?: (ctx: BenchContext, signal: AbortSignal) => Promise<void>;
}

const backend = (instance: BenchInstance) => ({ target: instance.target, release: instance.version });

export const SCENARIOS: readonly Scenario[] = [
  // The router's own cost: one route, one backend, nothing changing.
  { name: 'through the router' },
  {
    name: 'router, canary 25 %',
    during: async (ctx) => {
      const canary = await ctx.startInstance('v2');
      await ctx.router.setRoute(ctx.application, ctx.environment, { stable: [backend(ctx.baseline)], canary: { backends: [backend(canary)], weight: 25 } });
    },
  },
  {
    // What a blue-green promotion does, every 500 ms: the whole route moves to the other set.
    name: 'router, switched every 500 ms',
    during: async (ctx, signal) => {
      const other = await ctx.startInstance('v2');
      for (let n = 0; !signal.aborted; n += 1) {
        await ctx.router.setRoute(ctx.application, ctx.environment, { stable: [backend(n % 2 === 0 ? other : ctx.baseline)] });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  },
];
