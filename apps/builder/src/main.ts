import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadBuilderConfig, startBuilder } from './index';

runMain('builder', async () => startBuilder(loadBuilderConfig()), { mustWrite: ['idempotency'] });
