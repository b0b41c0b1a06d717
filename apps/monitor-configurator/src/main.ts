import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from './index';

runMain('monitor-configurator', async () => startMonitorConfigurator(loadMonitorConfiguratorConfig()), { mustWrite: ['idempotency'] });
