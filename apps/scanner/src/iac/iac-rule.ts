import type { ComplianceFramework, Severity } from '@jetway/contracts';
import type { Located, TerraformModel } from './terraform-model';

/** What a rule found: where, and what about it. */
export interface RuleHit extends Located {
  readonly subject: string;
  readonly message: string;
}

/** One IaC policy rule: an id, how bad, how to fix it, the frameworks whose controls it backs. */
export interface IacRule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
  readonly frameworks: readonly ComplianceFramework[];
  check(model: TerraformModel, context: IacContext): RuleHit[];
}

/** What a rule may need beyond the files: the environment the stack is for. */
export interface IacContext {
  readonly environment: 'development' | 'staging' | 'production' | 'dr';
}
