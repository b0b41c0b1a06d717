import type { IacRule } from '../iac-rule';
import { GOVERNANCE_RULES } from './governance.rules';
import { NETWORK_RULES } from './network.rules';
import { STORAGE_RULES } from './storage.rules';

/** Every IaC policy rule, by id. */
export const IAC_RULES: readonly IacRule[] = [...STORAGE_RULES, ...NETWORK_RULES, ...GOVERNANCE_RULES];
