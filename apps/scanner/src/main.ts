import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadScannerConfig, startScanner } from './index';

runMain('scanner', async () => startScanner(loadScannerConfig()), { mustWrite: ['idempotency', 'attestations'] });
