export { planSummary, planLine, planHash, PlanJsonError, SUPPORTED_PLAN_FORMAT_MAJOR } from './plan-summary';
export type { PlanSummary, PlannedResource, PlanAction } from './plan-summary';
export { TerraformDriver } from './terraform.driver';
export type { TerraformDriverOptions, TerraformPlan, TerraformApplyResult } from './terraform.driver';
export { findTerraform, TERRAFORM_NAMES } from './terraform-process';
export { TerraformMissingError, TerraformCommandError, TerraformTimeoutError, PlanHashMismatchError } from './terraform-errors';
