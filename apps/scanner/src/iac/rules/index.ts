import type { IacRule } from '../iac-rule';
import { AZURE_RULES } from './azure.rules';
import { GCP_RULES } from './gcp.rules';
import { GOVERNANCE_RULES } from './governance.rules';
import { NETWORK_RULES } from './network.rules';
import { RUNNER_REGISTRY_RULES } from './runners-registries.rules';
import { STORAGE_RULES } from './storage.rules';

/**
 * Every IaC policy rule, by id: AWS (IAC001–IAC024; IAC023 and IAC024 read any provider), Azure
 * (IAC025–IAC043), Google Cloud (IAC044–IAC061), then VMs from templates and scale sets and
 * container registries on every provider (IAC062–IAC067).
 */
export const IAC_RULES: readonly IacRule[] = [...STORAGE_RULES, ...NETWORK_RULES, ...GOVERNANCE_RULES, ...AZURE_RULES, ...GCP_RULES, ...RUNNER_REGISTRY_RULES];
