import { startService, type ServiceHandle } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import type { ScannerConfig } from './config/scanner.config';
import { ScannerModule } from './scanner.module';

export { loadScannerConfig, ScannerEnv } from './config/scanner.config';
export type { ScannerConfig } from './config/scanner.config';
// The IaC policy rules (run by the infra-scan step), for the infrastructure pipeline's e2e checks.
export { scanTerraform, type IacFinding } from './iac/scan-iac';
// The scan step's use case (a CI bundle's infrastructure/ Terraform included), for the CI/CD setup's e2e checks.
export { scanArtifact, type ScanArtifactResult } from './use-cases';

/** Starts the scanner: artifact (and source) by digest → findings, SARIF, verdict attestation. `logger` replaces the stdout one. */
export function startScanner(config: ScannerConfig, options: { logger?: JsonLogger } = {}): Promise<ServiceHandle> {
  return startService({ service: 'scanner', env: config, feature: ScannerModule, server: { consumer: { concurrency: 4 } }, ...options });
}
