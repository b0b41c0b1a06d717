import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

export const BuilderEnv = MeshEnv.extend({
  /** Where workspaces are made (one temp folder per build, removed afterwards). */
  JETWAY_BUILDER_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'jetway-builder')),
});
export type BuilderConfig = z.infer<typeof BuilderEnv>;

/** Injection token for the builder's validated configuration. */
export const BUILDER_CONFIG = Symbol('jetway.builder.config');

/** The only place the builder reads process.env. */
export function loadBuilderConfig(env: NodeJS.ProcessEnv = process.env): BuilderConfig {
  return loadEnv(BuilderEnv, env);
}
