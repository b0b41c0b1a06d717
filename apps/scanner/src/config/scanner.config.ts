import type { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

export const ScannerEnv = MeshEnv;
export type ScannerConfig = z.infer<typeof ScannerEnv>;

/** The only place the scanner reads process.env. */
export function loadScannerConfig(env: NodeJS.ProcessEnv = process.env): ScannerConfig {
  return loadEnv(ScannerEnv, env);
}
