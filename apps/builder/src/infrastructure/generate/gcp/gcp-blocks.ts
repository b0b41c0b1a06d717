import { ref, type Block, type Body } from '../hcl-writer';

// What every Google Cloud module shares: its common variables and block helpers.

export const LABELS = ref('var.labels');
export const PROJECT = ref('var.project_id');
export const REGION = ref('var.region');
/** `<stack>-<environment>` with a suffix: the name most resources take. */
export const named = (suffix = ''): Body[string] => ref(`"\${var.name}-\${var.environment}${suffix ? `-${suffix}` : ''}"`);

export const variable = (name: string, type: string, description: string): Block => ({ type: 'variable', labels: [name], body: { type: ref(type), description } });
export const resource = (type: string, name: string, body: Body): Block => ({ type: 'resource', labels: [type, name], body });
export const output = (name: string, value: string): Block => ({ type: 'output', labels: [name], body: { value: ref(value) } });

export const COMMON = [
  variable('name', 'string', 'The stack name: prefixes every resource.'),
  variable('environment', 'string', 'development, staging, production or dr.'),
  variable('project_id', 'string', 'The Google Cloud project.'),
  variable('region', 'string', 'The region.'),
  variable('labels', 'map(string)', 'owner, environment, cost_center: required on every resource that takes labels.'),
];
