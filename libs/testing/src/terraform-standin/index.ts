export { terraformStandin, terraformStandinScript } from './terraform-standin';
export type { TerraformStandin, TerraformStandinOptions, StandinApply } from './terraform-standin';
