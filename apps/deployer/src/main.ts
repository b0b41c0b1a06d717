import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadDeployerConfig, startDeployer } from './index';

runMain('deployer', async () => startDeployer(loadDeployerConfig()), { mustWrite: ['idempotency', 'attestations', 'releases', 'rollouts', 'infra'] });
