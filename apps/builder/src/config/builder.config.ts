import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

/** Build drivers, chosen by `JETWAY_BUILDER_DRIVER`. */
export const BUILD_DRIVERS = ['command', 'noop'] as const;
export type BuildDriverName = (typeof BUILD_DRIVERS)[number];

export const BuilderEnv = MeshEnv.extend({
  /** Where workspaces are made (one temp folder per build, removed afterwards). */
  JETWAY_BUILDER_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'jetway-builder')),
  /**
   * `command` (default): copy or clone the source and run the request's build command. `noop`: run
   * nothing, store a tiny deterministic artifact describing the request (benchmarks).
   */
  JETWAY_BUILDER_DRIVER: z
    .enum(BUILD_DRIVERS, {
      error: (issue) =>
        `'${String(issue.input)}' is not a build driver; use command (run the request's build command) or noop (no command, a tiny deterministic artifact: benchmarks)`,
    })
    .default('command'),
});
export type BuilderConfig = z.infer<typeof BuilderEnv>;

/** Injection token for the builder's validated configuration. */
export const BUILDER_CONFIG = Symbol('jetway.builder.config');

/** The only place the builder reads process.env. */
export function loadBuilderConfig(env: NodeJS.ProcessEnv = process.env): BuilderConfig {
  return loadEnv(BuilderEnv, env);
}
