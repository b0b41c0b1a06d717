import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadNotifierConfig, startNotifier } from './index';

runMain('notifier', async () => startNotifier(loadNotifierConfig()), { mustWrite: ['idempotency'] });
