import { startService, type ServiceHandle } from '@jetway/messaging';
import type { ScannerConfig } from './config/scanner.config';
import { ScannerModule } from './scanner.module';

export { loadScannerConfig, ScannerEnv } from './config/scanner.config';
export type { ScannerConfig } from './config/scanner.config';

/** Starts the scanner: artifact by digest → findings, SARIF, verdict attestation. */
export function startScanner(config: ScannerConfig): Promise<ServiceHandle> {
  return startService({ service: 'scanner', env: config, feature: ScannerModule, server: { consumer: { concurrency: 4 } } });
}
